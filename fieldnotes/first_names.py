"""Given names the identifier check knows, when nobody listed them as protected.

Drawn from the person providers of Faker (https://github.com/joke2k/faker, MIT licence,
Copyright (c) 2012 Daniele Faraglia): the given names of its en_GB, en_US, en_IN and pl_PL
locales. Names that are also everyday English words or places (Amber, Grace, Hope, Will, May,
Jack, Devon, Sydney …) are left out: a capitalised word at the start of a sentence or in a
RAG rating must not look like a child. A name the list lacks is still caught by the other rules
(a title, a role, a bracket, a possessive) or by the notebook's protected names.
"""

from __future__ import annotations

_NAMES = """
    Aachal Aadhya Aadi Aahana Aarav Aarini Aarna Aarnav Aaron Aarush Aashi Aayush Abbie Abdul
    Abeer Abha Abhimanyu Abhiram Abigail Ada Adam Aditya Adrian Adriana Adrianna Adrienne
    Advaith Advay Advik Advika Adweta Adya Agastya Agnieszka Aimee Aishani Akshay Alan Albert
    Alec Alejandra Alejandro Aleks Aleksander Alex Alexa Alexander Alexandra Alexandria Alexis
    Alfred Alice Alicia Alisha Alison Alka Allan Allen Allison Alvin Alyssa Amaira Amanda Amara
    Amelia Amol Amrita Amruta Amy Anamika Anastazja Anay Andre Andrea Andres Andrew Andrzej
    Angela Angelica Angelika Angie Aniela Anika Anirudh Anita Anjali Anmol Ann Anna Anne Annette
    Anthony Antoni Antonio Antony Anusha Anvi Anya Apolonia Aradhana Ariana Ariel Arin Arjun
    Arkadiusz Arthur Artur Arunima Aryan Ashlee Ashleigh Ashley Atharv Audrey Aurelia Austin
    Avni Ayaan Ayush Ayushman Azaan Azad Bachittar Baghyawati Bahadurjit Bakhshi Balendra
    Balhaar Baljiwan Balvan Balveer Banjeet Barbara Barkha Barry Bartek Becky Belinda Ben
    Benjamin Bernard Beth Bethan Bethany Betty Beverley Beverly Bhanumati Bhavani Bhavika
    Bhavini Bhavna Bhavya Bianca Bianka Billy Bimala Bina Bishakha Blake Blanka Bob Bobby Bonnie
    Borys Brad Bradley Brady Brandi Brandon Breanna Brenda Brendan Brent Brett Brian Briana
    Brianna Bridget Brijesh Brinda Brittany Brittney Bruce Bruno Bryan Bryce Błażej Caitlin
    Caitlyn Caleb Callum Calvin Cameron Candace Candice Carl Carla Carlos Carly Carmen Carole
    Caroline Carolyn Carrie Casey Cassandra Cassidy Cassie Catherine Cathy Cesar Cezary Chaaya
    Chad Chaitaly Chaitanya Chakradev Chakradhar Chakrika Chaman Chameli Champak Chanakya
    Chanchal Chandani Chandran Chandresh Charan Charita Charlene Charles Charlie Charlotte
    Charvi Chasmum Chatresh Chatura Chavvi Chelsea Chelsey Cheryl Cheyenne Chloe Chris Christie
    Christina Christine Christopher Christy Cindy Claire Clare Clarence Claudia Clayton Clifford
    Clive Cody Colin Colleen Collin Colton Connie Connor Conor Corey Cory Courtney Craig
    Cristian Cristina Curtis Cynthia Cyprian Dagmara Daksh Daksha Dakshesh Dalaja Dalbir Dalton
    Damian Damien Damini Damon Damyanti Dan Dana Daniel Danielle Danny Darika Darin Darius
    Dariusz Darlene Darpan Darrell Darren Darryl Darsh Daryl Dave David Dawid Dayamai Dayita
    Deanna Debbie Deborah Debra Declan Deepa Denis Denise Dennis Derek Derrick Desiree Dev
    Devansh Devika Devin Dhriti Dhruv Diana Diane Dillon Dipta Divya Dominic Dominik Dominique
    Donald Donna Doris Dorota Dorothy Douglas Duane Duncan Dustin Dwayne Dylan Eddie Edgar
    Edhitha Eduardo Edward Edwin Eesha Eileen Eiravati Ekaja Ekalinga Ekani Ekansh Ekanta
    Ekantika Ekapad Ekaraj Ekavir Ekbal Ekiya Elaine Eleanor Elijah Eliza Elizabeth Ellen Ellie
    Elliot Elliott Elżbieta Emil Emily Emma Eric Erica Erik Erika Erin Ernest Eryk Eshana Ethan
    Eugene Evan Evelyn Ewa Ewelina Fabian Falak Falan Falguni Faqid Faraj Faras Farhan Fariq
    Faris Felicia Fernando Filip Finn Fiona Fitan Fiyaz Frado Frances Francesca Francis
    Francisco Franciszek Franklin Fred Frederick Fryderyk Gabriel Gabriela Gabriella Gabrielle
    Gagan Gareth Garima Garrett Garry Gary Gaurang Gaurangi Gaurav Gauri Gaurika Gautam Gautami
    Gavin Gayathri Geetika Gemma Geoffrey George Georgia Georgina Gerald Geraldine Gerard
    Gilbert Gillian Gina Girik Girindra Girish Glenda Glenn Gloria Gopal Gordon Graeme Graham
    Greg Gregg Gregory Grzegorz Gunbir Guneet Gustaw Gwendolyn Hailey Haley Hamsini Hannah
    Hardik Harinakshi Harini Harish Harita Harold Harriet Harrison Harry Harsh Harshil Hayden
    Hayley Hector Heidi Helen Hema Hemal Hemang Hemangini Hemani Henry Herbert Hilary Hiral
    Hitesh Hollie Howard Hredhaan Hritik Hubert Hugh Iain Ian Idika Ignacy Igor Ijaya Ikbal
    Ikshita Imaran Inaya Indali Indira Indrajit Inga Irene Irya Isaac Isabel Isabella Isaiah
    Isha Ishaan Ishani Ishanvi Ishita Ishwar Ivan Jacek Jackie Jackson Jaclyn Jacob Jacqueline
    Jagat Jagdish Jagrati Jagvi Jai Jaime Jairaj Jake Jakub Jalsa James Jamie Janaki Janani Jane
    Janet Janice Janina Januja Janya Jared Jasmin Jasmine Jasmit Jason Jatin Javier Jayne Jean
    Jeanette Jeanne Jeet Jeevika Jeff Jeffery Jeffrey Jemma Jenna Jennifer Jenny Jeremi Jeremiah
    Jeremy Jermaine Jerome Jerry Jerzy Jesse Jessica Jhalak Jill Jillian Jim Jimmy Joan Joann
    Joanna Joanne Jocelyn Jodi Jodie Jody Joe Joel John Johnathan Johnny Jon Jonathan Jonathon
    Jordan Jorge Jose Joseph Josephine Josh Joshua Joyce Juan Judith Judy Julia Julian Julianna
    Julie Julita Juliusz Justin Justyna Jyoti Józef Jędrzej Kabir Kacper Kai Kaitlin Kaitlyn
    Kaja Kajetan Kalina Kalpit Kamala Kamil Kamila Kamya Kara Karan Karen Kari Karina Karl Karla
    Karol Kashish Kashvi Kate Katelyn Katherine Kathleen Kathryn Kathy Katie Katrina Katy Kavya
    Kayla Kaylee Kayleigh Kazimierz Keith Kelli Kellie Kelly Kelsey Kendra Kenneth Kerri Kerry
    Kevin Keya Kiaan Kiara Kieran Kim Kimberley Kimberly Kirk Kirsten Kirsty Klara Konrad
    Konstanty Kornel Kornelia Krish Krisha Krishna Krista Kristen Kristi Kristie Kristin
    Kristina Kristine Kristopher Kristy Kritika Krystal Krystian Krystyna Krzysztof Ksawery Kurt
    Kyle Kylie Laban Lacey Ladli Lajita Laksh Lakshit Lakshmi Larry Latasha Latoya Laura Lauren
    Laurie Lavanya Lawrence Leah Leanne Lee Leela Leena Leigh Lekha Leon Leonard Leroy Lesley
    Leslie Levi Lewis Liam Libni Lidia Linda Lindsay Lindsey Lipika Lisa Liwia Logan Lohit
    Lonnie Lopa Loretta Lori Lorraine Louis Louise Lucas Lucy Luis Luke Lydia Lynda Lynn Lynne
    Maanas Maanav Maciej Mackenzie Madeline Madhav Madhavi Madison Mahika Makayla Maksymilian
    Malcolm Malik Mallory Malwina Manan Manbir Mandy Manthan Manuel Manya Marc Marcel Marcelina
    Marcia Marcin Marco Marcus Marek Margaret Maria Mariah Marian Marianna Marie Marika Marilyn
    Mario Marion Marisa Marissa Mariusz Martha Martin Martyn Marvin Mary Mateusz Mathew Matthew
    Maureen Maurice Maurycy Maxwell Maya Mckenzie Meagan Meera Megan Megha Meghan Meghana
    Mekhala Melania Melanie Melinda Melissa Melvin Meredith Mia Michael Michaela Michał Micheal
    Michele Michelle Mieszko Miguel Mikayla Mike Mikołaj Mindy Miranda Mitali Mitchell Mitesh
    Miłosz Mohamed Mohammad Mohammed Mohini Molly Monica Monika Monique Morgan Mugdha Nachiket
    Naksh Nakul Nancy Nandini Naomi Natalie Natan Nataniel Natasha Natasza Nathan Nathaniel
    Naveen Neelima Neha Neil Nela Netra Nicholas Nichole Nicola Nicolas Nicole Nidhi Nidra Nigel
    Nihal Niharika Nikita Nikodem Nilima Nimrat Nina Nirja Nisha Nitara Nitesh Noah Norbert
    Norma Norman Odika Oeshi Ojas Ojasvi Olaf Olga Olgierd Oliver Olivia Oliwier Omaja Omar
    Omisha Omkaar Omya Onkar Onveer Orinder Oscar Oskar Oviya Owen Pahal Pallavi Pam Pamela
    Panini Parth Patricia Patrick Patryk Paul Paula Pauline Pavani Paweł Pedro Peggy Peter
    Philip Phillip Phyllis Piotr Pooja Pranav Praneel Pranit Pratyush Preston Priscilla Prisha
    Priya Przemysław Pushti Qabil Qadim Qarin Qasim Quincy Qushi Raagini Rachael Rachana Rachel
    Rachit Rachita Radha Radhika Radosław Rafał Raghav Rajata Rajeshri Raksha Ralph Ranbir
    Randall Randy Ranveer Rayaan Raymond Rebecca Rebekah Reece Regina Reginald Rehaan Renee
    Reyansh Rhonda Rhys Ricardo Richard Rickey Ricky Ridhi Riley Rishi Rita Riya Robert Roberta
    Roberto Robyn Rodney Roger Rohan Roksana Ronald Ronith Ronnie Rosemary Rosie Ross Roy
    Rozalia Ruben Rudra Rushil Russell Ruth Ryan Ryszard Róża Saanvi Sabrina Sachi Saksham Sally
    Sam Samaksh Samantha Samar Samarth Samesh Samuel Sanaya Sandra Sanya Sara Sarah Sarthak
    Sathvik Saumya Scott Sean Sebastian Selena Sergio Seth Shane Shannon Shari Sharon Shaun
    Shaurya Shawn Shawna Sheena Sheila Shelia Shelley Shelly Sheri Sherri Sheryl Shirley Shivani
    Shivansh Shravya Sian Siddharth Simon Siya Sneha Sonia Sonya Sophia Sophie Spencer Stacey
    Stacie Stacy Stanisław Stanley Stefan Stefanie Stephanie Stephen Steve Steven Stewart Stuart
    Sudiksha Suhani Susan Suzanne Sylvia Sylwia Szymon Tabitha Tadeusz Tamanna Tamara Tami
    Tammie Tammy Tanay Tanish Tanmayi Tanner Tanveer Tanvi Tanya Tara Tarak Tasha Teerth Tejas
    Terence Teresa Terrance Terrence Terri Terry Theodore Theresa Thomas Tiffany Tim Timothy
    Tina Tobiasz Toby Todd Tom Tomasz Tommy Toni Tony Tonya Tracey Traci Tracie Tracy Travis
    Trevor Tricia Tripti Tristan Triveni Triya Turvi Tyler Tymon Tymoteusz Tyrone Ubika Ucchal
    Udant Udarsh Udyati Umang Unnati Upadhriti Upasna Upkaar Upma Urishilla Urmi Urszula Urvashi
    Urvi Utkarsh Vaishnavi Valerie Vamakshi Vanessa Vansha Vanya Varenya Varsha Vasana Vasatika
    Vasudha Vedant Vedhika Vedika Veer Vernon Veronica Vicki Vickie Victoria Vidhi Vihaan Vinaya
    Vincent Viraj Virginia Vivaan Vrinda Vrishti Vritti Vyanjana Wahab Waida Wakeeta Walter
    Wanda Warda Warhi Warinder Warjas Watika Wayne Wazir Wendy Wesley Whitney Widisha Wiktor
    William Wishi Witold Wojciech Wriddhish Wridesh Wyatt Xalak Xavier Yachana Yadavi Yagnesh
    Yahvi Yamini Yash Yashasvi Yashawini Yashica Yashoda Yashodhara Yashvi Yasti Yatan Yatin
    Yauvani Yesenia Yochana Yolanda Yoshita Yutika Yuvraj Yvette Yvonne Zachary Zaid Zaitra
    Zansi Zarna Zashil Zayan Zayyan Zehaan Zilmil Zinal Zoe Łukasz
"""

FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
