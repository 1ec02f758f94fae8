"""The brief screens: composing, checking identifiers, member checks and viewing a brief."""
