"""Given names the identifier check knows, when nobody listed them as protected.

Drawn from the person providers of Faker (https://github.com/joke2k/faker, MIT licence,
Copyright (c) 2012 Daniele Faraglia): the given names of its en_GB, en_US, en_IE, en_NZ, en_IN,
en_PK, en_NG, en_KE, ig_NG, ha_NG, yo_NG, tw_GH, sw, zu_ZA, pl_PL, ro_RO, lt_LT, it_IT, es_ES,
pt_PT and fr_FR locales, written in the Latin alphabet, three letters or more. Names that are
also everyday lower-case English words (Amber, Grace, Hope, Will, Jack, Rose …, by the wordlist
of Debian's wbritish package) or places and faiths (Devon, Sydney, Christian …) are left out: a
capitalised word at the start of a sentence or in a RAG rating must not look like a child. A
few names that are also rare words are kept (John, Peter, Harry, Tom). A name the list lacks is
still caught by the other rules (a title, a role, a bracket, a possessive) or by the notebook's
protected names.
"""

from __future__ import annotations

_NAMES = """
Aaaqil Aaban Aabid Aachal Aadam Aadhya Aadi Aadil Aafiya Aahana Aahil Aalam Aalee Aalim Aaliyah
Aamil Aamir Aamirah Aanuoluwapo Aaqil Aarav Aarif Aarini Aariz Aarna Aarnav Aaron Aarush Aaryan
Aarón Aashi Aashif Aashir Aasif Aasim Aatif Aatiq Aaus Aayan Aayush Aazim Aba Abaan Abayomi Abbi
Abbie Abby Abdalla Abdallah Abdi Abdihakim Abdu Abdul Abdullahi Abebi Abednego Abeer Abeiku Abel
Abena Abeni Abha Abhimanyu Abhiram Abigael Abigail Abigaili Abigaíl Abilio Abiodun Abiona
Abosede Abraham Abril Abubakar Achieng Achille Achim Ada Adaeze Adalberto Adam Adamo Adan
Addison Adebiyi Adebowale Adebukola Adedayo Adedeji Adekitan Adekola Adekunle Adela Adelaida
Adelardo Adelasia Adele Adeleke Adelia Adelin Adelina Adelmo Aden Adenike Adeniyi Adeolu Adeoti
Adepeju Aderopo Adesewa Adeshina Adesoji Adesua Adetayo Adetoke Adetoun Adeyi Adhra Adi Adia
Adigun Adil Adimu Adina Aditya Adolfo Adomas Adonis Adora Adoración Adrian Adriana Adrianna
Adriano Adrien Adrienne Adrija Adrián Adunni Advaith Advay Advik Advika Adweta Adwoa Adya Adán
Adèle Adélaïde Aedan Afia Afolarin Afonso Aftin Afua Agapito Agastya Agata Agathe Aggrey Aglaia
Agnes Agnieszka Agnolo Agnos Agnès Agostino Agripina Agustina Agustín Ahmad Ahmed Aida Aidan
Aideen Aiden Aijuka Aileen Ailis Aimee Aimé Aimée Ainara Aine Ainoa Aisha Aishani Aisling
Aislinn Aistis Aitana Aitor Aivaras Ajala Ajani Ajoke Akanmu Akinkunmi Akinlabi Akinwale Akinyi
Akos Akosua Akoth Akshay Akua Akumaa Akumu Akwasi Akwesi Alade Alain Alamu Alan Alana Alanis
Alanna Alannah Alastair Alba Albano Alberico Albert Alberta Albertina Alberto Albina Alcides
Alderano Aldo Alec Aleisha Alejandra Alejandro Alejo Aleks Aleksander Aleksandras Aleodor
Alessandra Alessandro Alessia Alessio Alex Alexa Alexander Alexandra Alexandre Alexandria
Alexandrie Alexandrina Alexandru Alexe Alexis Alfio Alfonso Alfred Alfredo Algirdas Ali Alice
Alicia Alida Alin Alina Alis Alisha Alison Alistair Alistar Alister Alix Aliyu Alka Allan
Allegra Allen Allison Alma Almasi Almudena Alondra Alonso Alphonce Alphons Alphonse Alvin Alyssa
Alícia Ama Amada Amadeo Amado Amador Amahle Amaia Amaira Amalia Amancio Amanda Amando Amani
Amara Amarachi Amarilis Amaro Amaya Ambrose Ambrosio Amedeo Amedeu Amelia Amelija Amico Amie
Amin Amina Aminatu Amleto Amoke Amol Amon Amondi Amope Amor Amos Amparo Amri Amrita Amruta Amy
Amza Amélia Amélie América Américo Amílcar Ana Anabel Anabela Anacleto Anahera Anaida Anamaria
Anamika Anaru Anasa Anastacia Anastasia Anastasie Anastasio Anastazja Anatolie Anay Anaïs Anca
Ancuța Anda Anderson Andile Andra Andrada Andre Andrea Andreea Andrei Andreia Andres Andrew
Andrian Andrius Andrzej André Andrée Andrés Andwele Anemona Aneta Angalia Angavu Angela Angelica
Angelika Angelina Angeline Angelino Angelita Angelo Anghel Anghelina Angie Angus Angélica Anica
Aniela Anika Anirudh Anita Anișoara Anjali Anjolaoluwa Anmol Ann Anna Annabelle Annah Annalisa
Annalise Annamaria Annastacia Anne Annet Annetta Annette Annibale Annie Annunziata Anoni Anouk
Ansaldo Anselma Anselmo Ansh Antanas Anthony Antim Antoaneta Antoin Antoine Antoinette Anton
Antonela Antonella Antonello Antoni Antonia Antonie Antonietta Antonina Antonino Antonio Antoniu
Antony António Anunciación Anusha Anuța Anvi Anya Anyango Aníbal Aodhan Aoibheann Aoibhin
Aoibhinn Aoife Apolinar Apolonia April Arabella Araceli Aradhana Arcelia Archie Arham Ari Aria
Ariadna Arian Ariana Arianne Ariel Arijus Arike Ariki Arin Arina Arinola Aristide Aristides
Aristița Arjun Arkadiusz Arlo Armandas Armando Armida Arminas Arnaldo Arnas Arnaude Arnold
Arnoldas Arnulfo Aroa Aroha Aron Aronas Arran Arron Arsenie Arsenio Artemio Artemisa Arthur
Artur Arturo Arunima Arusi Arvydas Arya Aryan Aránzazu Asake Asali Asani Asanti Asatira
Ascensión Asdrubal Asha Asher Ashlee Ashleigh Ashlene Ashley Ashling Ashton Asmini Astrid
Asunción Ataahua Atena Atenulf Atfat Atharv Atheel Athman Athuman Athumani Ati Atiena Atieno
Atilio Atinuke Attaf Audrey Audrius Augustas Auguste Augustin Augustina Augustine Augusto Auraq
Aurel Aurelia Aurelian Aureliana Aureliano Aurelija Aurelio Aurica Aurică Aurimas Aurora Aurore
Aurélie Austin Austine Ava Avi Avni Avram Awadil Awamil Awamiri Awan Awani Awero Awesi Awhina
Awj Awlya Awmar Awrad Axenia Axinte Ayaan Ayamin Ayesha Ayinde Ayinke Ayla Ayodeji Ayodele Ayoka
Aysar Ayub Ayush Ayushman Ayyubi Azaan Azad Azahar Azahara Azban Azeeb Azeglio Azeneth Azizi
Azucena Baaba Baahir Baaizeed Baaqee Baaqir Baaree Baashir Baasim Baasit Babar Babasola
Babatunji Babawale Baber Baccio Bachittar Badawi Badr Baghyawati Baha Bahaa Bahadurjit Bahari
Bahati Bailey Bailie Bairbel Bakari Bakhshi Baldassare Baldomero Balduino Baleegh Balendra
Balhaar Balinda Baljiwan Baltasar Balvan Balveer Bambad Bandile Banjeet Baqar Baqir Baraka
Barasa Barbara Barbu Barkha Barr Barraq Barry Bartek Bartolomeo Bartolomeu Bartolomé Basaam
Basarab Baseer Basel Basem Bashaar Bashaarat Bashar Basharat Basheer Basheerah Basilio Basim
Basir Bassam Batal Batool Baudelio Bautista Bazam Beatrice Beatriz Beauden Bebe Becky Begoña
Belen Belinda Bella Bello Belén Ben Benard Benas Benedetto Benedict Benedita Beniamin Benigna
Benigno Benita Benito Benjamim Benjamin Benjamín Benn Benone Benoît Benson Benta Benvenuto Beppe
Berenice Berezat Bernabé Bernadette Bernard Bernarda Bernardino Bernardita Bernardo Berta Berto
Bertrand Beshte Beth Bethan Bethany Betina Bett Bettina Betty Bevan Beverley Beverly Bhanumati
Bhavani Bhavika Bhavini Bhavna Bhavya Bhekani Bhekisisa Bhekizizwe Bhekokwakhe Biagio Bianca
Bianka Bibiana Bibuwa Bienvenida Bilaal Bilal Bilha Bilkisu Billie Billy Bimala Bina Birousk
Bishakha Bizhan Blaine Blair Blake Blanaid Blanca Blanduzia Blanka Blas Boaz Bobby Bodhi Bogdan
Bogdana Bolatito Boluwatife Boma Bonface Boniface Bonifacio Bonnie Borja Borys Bosibori Brad
Bradley Brady Bramwel Brandi Brandon Bravin Braxton Brayden Breandan Breanna Brenda Brendah
Brendan Brendon Brent Brett Brian Briana Brianna Bridget Bridgit Brigid Brigita Brigitte Brijesh
Brinda Britney Brittany Brittney Brodie Brogan Bronach Bronagh Bronwyn Brooke Brooklyn Bruce
Bruna Brunilda Bruno Bryan Bryce Bryony Brândușa Brígida Brăduț Bucur Buenaventura Bunmi Buraid
Busara Busisiwe Bárbara Bănel Błażej Caetana Cahal Cahir Cailin Cailum Caitlin Caitlyn Caitriona
Caius Calcedonio Caleb Calista Calisto Calixta Calixto Callan Callum Calogero Calum Calvin
Calvince Camelia Cameron Camil Camila Camilla Camille Camillo Camilo Campbell Candace Candela
Candelaria Candelario Candelas Candice Cantemir Caoilfhionn Caoimhe Caoimhin Caolain Caolan
Caomhan Capucine Cara Caragh Caren Caridad Carina Carl Carla Carlito Carlo Carlos Carlota Carly
Carmel Carmela Carmelita Carmelo Carmen Carmina Carminho Carole Carolina Caroline Carolyn
Carolyne Carren Carrie Carter Casandra Casemiro Casey Casian Casiana Cassandra Cassidy Cassie
Catalina Catarina Caterina Cathal Catherine Cathy Catinca Catrina Catrinel Catriona Cayetana
Cayetano Cazimir Ceara Cebrián Cecilia Cecilio Cedrin Ceferino Celestina Celestine Celestino
Celia Celine Celso Centrine Cerasela Cesar Cesare Cezar Cezara Cezary Chaaya Chaitaly Chaitanya
Chakradev Chakradhar Chakrika Chamali Chaman Chameli Champak Chanakya Chanchal Chandani Chandran
Chandresh Changaz Chaniya Chantal Chantel Chantelle Charan Charis Charita Charlene Charles
Charlesh Charlie Charlotte Charo Charvi Chashida Chasmum Chatresh Chatura Chausiki Chavvi
Chawish Che Chebet Chege Chelangat Chelo Chelsea Chelsey Chema Chepkemoi Chepkoech Chepkorir
Cheragh Cherie Cherith Cherotich Cheruiyot Cheryl Cheusi Cheyenne Chiamaka Chiara Chibuzo
Chidimma Chigozie Chijioke Chinedu Chinelo Chinyere Chipukizi Chita Chizoba Chloe Chris
Christabel Christelle Christiane Christie Christina Christine Christophe Christopher Christy
Chucho Chuki Chukwudi Chukwuemeka Chus Chuy Cianan Ciara Ciaran Ciarrai Cillian Cindy Cintia
Ciprian Cipriana Cipriano Ciriaco Cirillo Cirino Ciro Ciríaco Claire Clara Clare Clarence
Clarisa Clarissa Clark Claude Claudia Claudine Claudio Claudiu Clayton Clelia Clemente
Clementina Cleopatra Cleophas Cleto Clifford Clinton Cliodhna Cliona Clive Clodagh Cloe Clotilde
Cláudio Clémence Clímaco Codie Codin Codrin Codrina Codruț Codruța Cody Cohen Cole Colette Colin
Colins Colleen Collette Collin Collince Collins Colm Colton Coluccio Colum Conal Conall Conan
Concepción Concetta Concha Conchur Conn Connie Connor Conor Conrad Conrado Consolata Constance
Constantin Constantina Constanza Constança Constanța Consuela Consuelo Cooper Cora Coralia Corey
Corina Corinne Coriolano Cormac Cornel Cornelia Cornelio Corneliu Cornelius Corrado Corrie
Cortney Corvin Cory Cosmas Cosme Cosmin Cosmina Costache Costantino Costanzo Costel Costin
Courteney Courtney Craig Crenguța Crescencia Crin Crina Cristea Cristian Cristiano Cristina
Cristobal Cristofor Cristóbal Cruz Curro Curtis Custodia Custodio Cynthia Cyprian Cyrus Cándida
Cándido Cécile Célina Céline César Călin Cătălin Cătălina Daamin Daanish Daanyaal Daawood Dabbah
Dabir Dacian Daciana Dafina Dafne Daghfal Dagmara Dai Daiana Dainess Dainius Daire Dairine
Daiyaan Dakhil Dakota Daksh Daksha Dakshesh Dalaja Dalbir Dalia Dalila Dalili Dalmas Dalton
Damaris Dameer Damian Damiano Damien Damife Damini Damián Damon Damurah Damyanti Dan Dana Dancan
Dancun Dani Daniel Daniela Daniele Danielius Danielle Danilo Danish Danjuma Danny Danson Dante
Dara Darain Darcy Daria Dariana Darija Darika Darin Dario Darius Dariusz Darlene Darpan Darragh
Darrell Darren Darrin Darryl Darryn Darsh Daryl Darío Dastageer Daud Daudi Dave David Davis
Dawid Dawud Dayamai Dayita Dayna Dayyaan Deaglan Deane Deanna Dearbhail Dearbhaile Dearbhla
Debbie Debora Deborah Debra Decebal Declan Deepa Deirbhile Deividas Delfina Delfino Delia
Demetra Demetrio Demi Demilade Denis Denisa Denise Dennis Derek Derick Dermot Derrick Dervla
Desiderio Desiree Desmond Despina Dev Devansh Devika Devin Dhriti Dhruv Diana Dianah Diane
Dianne Diarmuid Dickson Dida Didina Diego Dillon Dimas Dimitrina Dina Dinah Dinis Dino Dinu
Diogo Dion Dionigi Dionisia Dionisio Dionne Dipta Dismas Divya Diya Dochia Doina Dolores
Dolphine Domantas Domas Domenico Domhnall Dominga Domingo Dominic Dominik Dominique Dominyka
Dominykas Domitila Domnica Donal Donald Donatas Donatella Donatello Donato Donna Dora Dorcas
Dorcus Doreen Dorel Dorian Doriana Dorin Dorina Dorine Dorinel Doris Dorita Dorli Dorota Dorotea
Dorothy Dorothée Doru Douglas Dovydas Doyinsola Draga Dragoș Duane Duarte Ducu Duilio Dulce Duma
Dumisani Dumisile Dumitra Dumitrana Dumitru Duncan Dunia Durab Durante Durodola Dustin Dwayne
Dylan Débora Eadaoin Eamon Eamonn Ebuka Ecaterina Eddah Eddie Edel Edelmira Edelmiro Eden Edgar
Edgaras Edgardo Edhitha Edinah Edita Edith Edmond Edmundo Edna Edoardo Edu Eduard Eduarda
Eduardo Edvardas Edvinas Edward Edwin Eesaa Eesha Efraín Eftimia Eftimie Egidijus Ehan Ehsaas
Ehsan Eijaz Eileen Eilis Eilish Eimantas Eimear Eimer Eimhear Eiravati Ejaz Ejlaal Ekaja
Ekalinga Ekani Ekansh Ekanta Ekantika Ekapad Ekaraj Ekavir Ekbal Ekene Ekiya Ekow Ekta Ekundayo
Ekundu Eladio Elaf Elaine Elba Eleanor Eleanora Elena Eleonora Eleuterio Eli Eliabeth Eliakimu
Eliana Elias Eligia Eligio Elijah Elisa Elisabet Elisabeta Elisaveta Elise Eliseo Elisha Eliud
Eliza Elizabeth Elkana Ella Elladio Ellen Ellie Elliot Elliott Elly Elmo Elodia Eloise Elosy
Eloy Eloísa Elphas Elpidio Elsie Elvira Elvis Elías Elżbieta Ema Emanoil Emanuel Emanuela
Emanuil Emeka Emelina Emer Emigdio Emil Emilia Emilian Emiliana Emiliano Emilie Emilio Emilis
Emilly Emily Emma Emmaculate Emmah Emmanuel Emmanuelle Emmet Emmett Emmy Emperatriz Emran Emília
Encarna Encarnacion Encarnación Encarnita Enda Eniola Ennio Enock Enrico Enrika Enrique Enya
Enzi Enzio Enzo Eoghan Eoin Ephantus Epifanio Eraldo Erasmo Erastus Eremia Eric Erica Erick Erik
Erika Erikas Erin Ermanno Ermenegildo Ermes Ernest Ernestas Ernestina Ernesto Eryk Eryn
Esfandyar Eshan Eshana Esi Esmeralda Esperanza Espiridión Esteban Estefanía Estela Estera Esther
Estrella Esupofo Etelvina Ethan Etizaaz Etta Ettore Euan Eufemia Eufrosina Eugen Eugene Eugenia
Eugenio Eugine Eugène Eulalia Eunan Eunice Eusebia Eusebio Eusebiu Eustaquio Eustațiu Eutimio
Eutropio Eva Evaldas Evaline Evalyne Evan Evance Evangelina Evangelista Evanghelina Evans
Evaristo Evelia Evelina Evelyn Evelyne Everline Everlyne Evie Evita Ewa Ewan Ewatomi Ewelina
Ezekiel Ezequiel Ezio Ezra Fabia Fabian Fabiana Fabio Fabiola Fabián Fabricio Fabrizia Fabrizio
Fadekemi Faderera Fahari Fahmi Fainche Faisa Faizan Falak Falan Falguni Fanaka Faqid Faraj
Faraja Faras Farhan Farhiya Farida Farijika Fariq Faris Fatima Fatuma Faustas Faustino Fausto
Faye Fazli Feargal Fearghal Febe Fedele Federica Federico Federigo Fehintola Feisal Felicia
Feliciana Feliciano Felicidad Felipa Felipe Felisa Felista Felister Felistus Felix Ferdinando
Fergal Fergus Fermín Fernanda Fernando Festus Fiamma Fibikemi Fidel Fidela Fidelis Fidvi Fiifi
Fikayomi Filip Filipa Filipe Filippa Filippo Filofteia Filomena Finbar Finn Fintan Fiodor Fiona
Fionntan Fionnuala Fiorenzo Fiorino Fitan Fito Fiyaz Flavia Flavio Flaviu Fletcher Floare
Floarea Flor Florea Florence Florencia Florencio Florentin Florentina Florentino Florența
Florian Floriana Florica Florina Florinda Flynn Folashade Folu Fortunata Fortunato Frado Frances
Francesca Francesco Francis Francisc Francisca Francisco Franciszek Franck Franco Frankie
Franklin Frankline François Françoise Fraser Frazer Fred Frederic Frederick Frederico Fredo
Fredrick Freya Frida Fridah Frusina Fryderyk Frédéric Frédérique Fulgencio Fulvio Fábio Fátima
Félix Gabi Gabino Gabriel Gabriela Gabriele Gabrielius Gabriella Gabrielle Gaetano Gagan Gail
Gaja Galasso Galo Gambo Ganga Gareth Garima Garrett Garry Gary Gaspar Gaspare Gastone Gastón
Gathoni Gaurang Gaurangi Gaurav Gauri Gaurika Gautam Gautami Gavin Gayathri Gaylene Gbadebo
Gbolahan Gbowoade Geanina Gediminas Gedion Geetika Gelsomina Gelu Gema Gemma Geneviève Genoveva
Gențiana Geoffrey Geofrey George Georgel Georges Georgeta Georgia Georgian Georgiana Georgina
Gerald Geraldine Geraldo Gerard Gerardo Gerda Germana Germán Geronimo Gertrudis Gervasio
Gerónimo Gesare Geta Gethera Getrude Ghaalib Ghaazi Ghaffaar Ghafoor Ghaith Ghalib Ghanee Ghanem
Ghannam Ghasaan Ghauth Ghawth Ghayoor Ghazalan Ghazanfar Ghazanfer Ghazawan Ghazi Ghazzal
Ghenadie Gheorghe Gheorghiță Gherghina Ghiyaath Ghiyath Ghiță Ghufran Ghulaam Ghulam Ghunayn
Ghusharib Ghusun Ghutayf Giacinto Giacobbe Giacomo Giada Giampaolo Giampiero Gian Giancarlo
Gianfrancesco Gianfranco Gianina Gianluca Gianluigi Gianmarco Gianna Gianni Gianpaolo Gianpietro
Gibson Gicu Gică Gideon Giedrius Gifty Gil Gilbert Gilberto Giles Gilles Gillian Gina Gino
Gioacchino Gioachino Gioele Gioffre Gionata Giorgia Giorgian Giorgiana Giorgio Giosuè Giovanna
Giovanni Girik Girindra Girish Girolamo Gisela Gitau Githinji Gitonga Giulia Giuliana Giuliano
Giulietta Giulio Giuseppe Giuseppina Giustino Gladys Glauco Glenda Glenn Glenys Gloria Goda
Godfrey Godofredo Godwin Goffredo Gohar Goma Gonzalo Gonçalo Gopal Gordon Goyo Gracia Graciana
Graciano Graciela Graeme Graham Grainne Grayson Graziano Graziella Grațian Grațiana Grațiela
Greca Greco Greg Gregg Gregorian Gregorio Gregory Greta Grigore Griselda Grzegorz Grégoire
Guadalupe Guarino Guglielmo Gugu Gugulethu Guido Guilherme Guillaume Guillermo Guiomar Gulab
Gulfaam Gulfam Gulshan Gulzar Gunbir Guneet Guney Gustas Gustavo Gustaw Gwendolyn Gytis Gérard
Habiba Habibu Hadija Hadithi Hadiza Hafsa Hafsat Haiba Hailey Haley Halima Halisi Hamis Hamish
Hamisi Hamsini Hamza Hana Hanja Hannabel Hannah Haralamb Haralambie Harambee Hardik Harinakshi
Harini Harish Harita Harley Harnail Harold Haroldo Haron Harper Harriet Harrison Harry Harshil
Harun Haruna Harvey Hashiki Hassan Hatima Hauwa Hawa Hawehindi Hayden Haydée Hayleigh Hayley
Hazeem Hector Heidi Hekima Helen Helena Heliodoro Hellen Hema Hemal Hemang Hemangini Hemani Hemi
Henri Henrieta Henriette Henrique Henry Heracleea Heraclio Herbert Herberto Heriberto
Hermenegildo Herminia Herminio Hernando Hernán Hesbon Hezron Hidaya Hilario Hilary Hilda Hildah
Hillary Hinewai Hipólito Hiral Hitesh Hoani Hodari Hollie Honoré Horacio Horațiu Horea Horia
Hortense Hortensia Hosea Howard Hredhaan Hritik Hubert Hudson Hugh Hugo Hugues Huia Humaiya
Humberto Humphrey Hussein Huzaifa Héctor Hélène Iacob Iain Ian Iancu Ianis Iara Iasmina Ibaad
Ibidapo Ibironke Ibn Ibraaheem Ibraheem Ibrahim Ibán Ica Ida Idika Idrees Idris Ieremia Iesa
Ieva Ifeanyi Ifechukwu Ifeoma Iftikhaar Iftikhar Ifunanya Ige Ignacia Ignacio Ignacy Ignas
Ignazio Igor Ihab Ihaia Ihsaan Ihsan Ihtesham Ihtiram Ihtishaam Ihtsham Ijaya Ijli Ikbal Ikenna
Ikeoluwa Iker Ikhlaas Ikraam Ikramah Ikrimah Ikshita Ilan Ilaria Ilarie Ilarion Ildefonso Ileana
Ilie Ilinca Ilona Imany Imara Imaran Imelda Imogen Ina Inaya Indali Indi India Indie Indira
Indrajit Ineta Inga Ingrida Inioluwa Inmaculada Inocencio Inocențiu Inès Inés Inês Ioan Ioana
Ioanina Iolanda Iona Ionel Ionela Ionelia Ionică Ionuț Iosefina Iosif Ippazio Ira Irene
Iretioluwa Iridenta Irina Irine Irinel Irma Irmantas Irungu Irya Isa Isaac Isaack Isabel Isabela
Isabella Isabelle Isack Isaiah Isaura Isaya Isaías Iseoluwa Isha Ishaan Ishani Ishanvi Ishita
Ishola Ishwar Isidora Isidoro Isidro Isla Ismael Ismail Isobel Issa Issack Itanya Ituri Itziar
Iulia Iulian Iuliana Iuliu Iurie Iustin Iustina Iustinian Ivan Iveta Ivo Ivona Ivone Iván Iwo
Iyabode Iyadunni Izaaz Izabela Jaabir Jaafar Jaan Jabbaar Jabir Jabr Jabulani Jacek Jacinta
Jacinto Jackie Jackline Jackson Jaclyn Jacob Jacobo Jacopo Jacqueline Jacques Jad Jael Jafar
Jafet Jaffer Jagat Jagdish Jagrati Jagvi Jahangir Jahanzeb Jahdami Jahdari Jahi Jahiz Jahm Jai
Jaime Jairaj Jairus Jake Jakob Jakub Jalaal Jalal Jalees Jalia Jalil Jalsa Jamaal Jamal Jameel
James Jamie Jamila Jan Jana Janaki Janani Jane Janet Janeta Janeth Janette Jangwa Janice Janina
Janine Januja Janya Japhet Japheth Jared Jarlath Jarrod Jasiri Jasmin Jasmina Jasmine Jasmit
Jason Jasper Jatin Javan Javi Javier Javiera Jaxon Jayde Jayden Jayne Jean Jeana Jeanette Jeanne
Jeannine Jebet Jecinta Jedidah Jeet Jeevika Jeff Jeffery Jeffrey Jelagat Jelani Jemimah Jemma
Jemutai Jena Jenaro Jenel Jeniffer Jenipher Jenna Jenni Jennifer Jenny Jepchirchir Jepchumba
Jepkemoi Jepkoech Jepkorir Jepkosgei Jeptoo Jeremi Jeremiah Jeremy Jeremías Jermaine Jerome
Jerono Jerop Jerotich Jerry Jeruto Jerzy Jerónimo Jesca Jesse Jessica Jessie Jesusa Jhalak Jill
Jillian Jim Jimena Jimmy Jina Joan Joana Joann Joanna Joanne Joaquim Joaquina Joaquín Joash
Jocelyn Jodi Jodie Jody Joe Joel Johanna John Johnathan Johnny Johnson Johnstone Jolanda Jolanta
Jolene Jon Jonah Jonas Jonatan Jonathan Jonathon Joojo Joram Jordan Jordana Jordi Jordon Jordán
Jorge Joris Jorja Jose Josefa Josefina Josep Joseph Josephat Josephine Josette Josh Joshua
Josiah Josphat Josphine Josué José Joséphine Jovita Joyce Joyline João Jua Juan Juana Juanita
Juanito Jude Judith Judy Jules Julia Julian Juliana Julianna Julie Julien Juliet Julieta
Juliette Julio Julita Julius Juliusz Julián Juma Jumaane June Juozas Jurgita Justas Justin
Justina Justinas Justine Justiniani Justus Justyna Juwon Jyoti Jérôme Jéssica Józef Júlia
Jędrzej Kaamil Kaashif Kaazim Kabeer Kabir Kabiru Kachela Kacper Kafeel Kahu Kahurangi Kai Kaia
Kaiser Kaitlin Kaitlyn Kaja Kajetan Kajji Kajus Kala Kalbi Kaleb Kaleem Kaleema Kalina Kalpit
Kaluwa Kamal Kamala Kamau Kamil Kamila Kamran Kamya Kane Kanini Kaombwe Kara Karaamat Karam
Karama Karan Karani Karanja Kareem Karen Kari Karim Karimi Karina Kariuki Karl Karla Karley
Karol Karolina Karolis Karyn Kasam Kashan Kashangaki Kashif Kashish Kashvi Kasim Kaskazi Kassim
Katana Kate Katelyn Katharine Katherine Kathleen Kathryn Kathy Katie Katrina Katy Kauri Kauthar
Kavya Kawkab Kawthar Kay Kayden Kaye Kayla Kaylee Kayleigh Kaysan Kazi Kazim Kazimierz Kealan
Keanu Keegan Keelan Keely Keeva Keira Keith Keji Kelechi Kelli Kellie Kelly Kelsey Kelvin Kemboi
Kemuma Kemunto Kendra Kenedy Keneth Kennedy Kenneth Kenyangi Keri Kerri Kerrie Kerry Kerubo
Kevin Keya Keyaan Keziah Khaalid Khaan Khadija Khamani Khamisi Khanyisile Khloe Kiaan Kiah Kiapo
Kiara Kiarie Kibafupia Kibet Kibibi Kiburi Kiera Kieran Kijana Kijani Kike Kikelomo Killian
Kilonzo Kim Kimani Kimanzi Kimathi Kimberley Kimberly Kimbilio Kimeu Kimutai Kimya Kinaya
Kingston Kinubi Kinuthia Kinyanjui Kinyua Kiojah Kioko Kipchirchir Kipchumba Kipenzi Kipepeo
Kipkemboi Kipkemoi Kipkirui Kipkoech Kipkorir Kipkosgei Kipkurui Kiplagat Kiplangat Kiplimo
Kipngeno Kipngetich Kipras Kiprono Kiprop Kiprotich Kipruto Kipsang Kiptoo Kipyegon Kira Kirby
Kiri Kirk Kirsten Kirstie Kirstin Kirsty Kirui Kisima Kiume Kiwara Klara Koech Kofi Kojo
Kolawole Kondo Konrad Konradi Konstanty Kora Korede Kori Korir Kornel Kornelia Kornelija Kosgei
Kosisochukwu Kotryna Kovu Krish Krisha Krishna Krista Kristen Kristi Kristian Kristie Kristin
Kristina Kristine Kristopher Kristupas Kristy Kritika Krystal Krystian Krystyna Krzysztof
Ksawery Kuchanua Kujoe Kuria Kurt Kurtis Kurunzi Kusiima Kwabena Kwadwo Kwaku Kwamboka Kwame
Kwamena Kwasi Kweku Kweli Kwesi Kyalo Kyara Kyla Kyle Kylie Kévim Kęstutis Laban Labeeb Labib
Lacey Lachlan Ladislau Ladli Laeeq Laetitia Lahiah Lailati Laini Laiq Laith Lajita Lajlaj Laksh
Lakshit Lakshmi Lalo Lamberto Lameck Lana Lando Langalibalele Langat Laoise Laqeet Lara Larisa
Larissa Larry Lascăr Latasha Lateef Latif Latoya Laura Laure Laureano Laureen Lauren Laurence
Laurent Laurenția Laurențiu Lauretta Laurian Laurie Laurita Laurynas Lavanya Lavinia Lawrence
Lawrencia Layla Layth Lazzaro Lazăr Leah Leana Leandra Leandro Leanne Lee Leela Leena Leigh
Leila Leire Leke Lekha Lelia Lenah Leo Leocadia Leocadio Leon Leona Leonard Leonardo Leoncio
Leone Leonel Leonie Leonor Leontin Leontina Leopoldina Leopoldo Leordean Lere Leroy Lesley
Leslie Leticia Leticija Letizia Letiția Letícia Levi Levis Lewis Leyre León Lia Liam Liana Liban
Libby Liberto Libni Licia Lică Lidia Liepa Ligia Ligita Lila Lili Lilia Lilian Liliana Lilla
Lillian Lilly Limazah Lina Linah Linas Linda Lindah Lindsay Lindsey Linet Lino Linus Lioara
Lipika Lisa Lisandro Livia Livingstone Livio Liviu Liwia Liyaaqat Liyaqat Lloyd Lodovico Logan
Lohit Loice Loida Lois Loise Lola Lolita Londisizwe Londiwe Lonnie Lopa Lorcan Loredana Lorelei
Lorena Lorenza Lorenzo Loreto Loretta Lori Lorin Lorine Lorna Lorraine Louis Louise Lourdes
Lourenço Luana Luay Luc Luca Lucas Luce Lucențiu Luchino Lucho Lucia Lucian Luciana Luciano
Lucie Lucila Lucinda Lucio Lucrezia Lucreția Lucrețiu Lucy Lucía Ludmila Ludovic Ludovica
Ludovico Luigi Luigina Luis Luisa Luisina Luiza Luka Lukas Luke Luminița Luna Lungile Lupe
Lupita Luqmaan Luqman Lut Lutf Lutfi Luyanda Luz Luís Luísa Lwandile Lydia Lydiah Lynda Lyndon
Lyndsay Lyndsey Lynette Lynley Lynn Lynne Lynnette Lynsey Lázaro Léon Lúcia Lăcrămioara Maahir
Maajid Maalik Maanas Maanav Maawiya Maaz Maazin Mabad Macarena Macaria Macario Macauley Macharia
Maciej Mackenzie Madaha Madalena Madani Maddison Madeleine Madeline Madhav Madhavi Madini
Madison Madiyan Madoa Madyan Maeve Mafalda Magdalena Magdalene Magdaline Maggie Mahad Mahali
Mahaz Mahbeer Mahboob Mahbub Mahdee Mahdi Mahdy Maheen Maher Mahfooz Mahfuj Mahfuz Mahi Mahika
Mahja Mahmood Mahmoud Mahmud Maia Maimuna Maina Maingi Mairead Mairtin Maisha Maite Majani Majd
Majdi Majdy Majeed Makau Makayla Makeen Makena Makini Makokha Makori Maks Maksymilian Makunga
Makuu Malachy Malcolm Malena Malik Maliza Mallory Malvina Malwina Mamen Mamun Manaaki Manaia
Manan Manawa Manbir Mandla Mandlakhe Mandy Manola Manole Manolo Manon Mantas Manthan Manu Manuel
Manuela Manuelita Manus Manya Mara Maraea Marc Marcantonio Marcel Marcela Marcelina Marcelino
Marcella Marcelle Marcello Marcelo Marcheta Marcia Marcial Marciano Marcin Marcio Marco Marcos
Marcu Marcus Maree Mareikura Marek Marga Margaret Margareta Margarida Margaud Margaux Margherita
Margot Margret Marguerite Maria Mariah Mariam Marian Mariana Marianela Marianna Marianne Mariano
Maribel Maricela Maricica Maricruz Marie Marija Marika Marilena Marilyn Marin Marinela Marini
Marino Mario Marioara Marion Marisa Marisela Marisol Marissa Maristela Marita Marius Mariusz
Marjani Markas Maroof Marta Martha Marthe Martim Martin Martina Martine Martino Martirio Martyn
Martynas Martín Marvin Mary Maryam Maryann Maryanne Maryse María Masika Masinde Massimiliano
Massimo Matas Matei Mateo Mateus Mateusz Mathew Mathias Mathilde Matias Matilda Matilde Matiu
Matteo Matthew Matthieu Mattia Matunda Matías Maua Maura Maureen Maurice Mauricio Maurilio
Maurine Maurizio Mauro Maurycy Mavuno Maxi Maximiano Maximilian Maximiliano Maximino Maxwel
Maxwell Maya Mayte Mbithi Mboya Mbugua Mburu Mcebisi Mckenzie Meabh Meagan Meaghan Meda Meera
Meg Megan Megha Meghan Meghana Meibh Mekhala Melania Melanie Melchor Melina Melinda Melisa
Melissa Melvin Melvine Merche Mercyline Mereana Meredith Mervyn Meshack Metrine Mia Micael
Micaela Micah Michael Michaela Michał Micheal Micheala Michel Michela Michelangelo Michele
Micheletto Michelle Michelotto Michèle Mieszko Miguel Miguela Mihaela Mihai Mihail Mihnea
Mikaela Mikaere Mikayla Mike Mikołaj Mila Milagros Milana Milcah Milda Mildred Milena Milka
Milkah Millicent Millie Milo Milton Mina Mindaugas Mindy Minenhle Minodora Mioara Mirabela
Miranda Mircea Mirco Mireia Mirela Miriam Miriama Mirko Miron Mirona Mirriam Mirta Miruna Misuli
Mitali Mitchel Mitchell Mitchelle Mitesh Mitică Mitruț Mizhir Miłosz Mkarkara Mlungisi Mnqobi
Modesta Modesto Modupe Mofifoluwa Mohamed Mohamedi Mohammad Mohammed Mohamud Mohini Moisés
Mojisola Mojisoluwa Mollie Molly Momanyi Mona Monalisa Monica Monicah Monika Monique Montserrat
Moraa Moradeke Morayo Moreen Morena Morenike Moreno Morgan Morine Morolake Morris Moses
Mosinmileoluwa Mosunmola Motunrayo Moureen Mourib Mourine Moyosore Mrihani Mthokozisi Muchiri
Muema Mueni Mugambi Mugdha Mugendi Mugo Mugur Mugurel Muhallil Muhazzim Muhima Muia Muiruri
Mukhwana Mulele Muli Mulwa Mumbi Mumo Munene Mungai Munyao Munyoki Muriithi Murimi Murithi
Muriuki Murray Musa Musau Musee Musembi Musila Mustafa Musyoka Musyoki Mutai Muthama Muthengi
Muthoka Muthoni Muthui Mutie Mutinda Mutiso Mutisya Mutua Mutuku Mutunga Muturi Muzdahir Muzhir
Mwamini Mwanajuma Mwanamisi Mwangangi Mwangi Mwaniki Mwanzia Mwasaa Mwaura Mwende Mwendwa Mwezi
Mwikali Mwiti Mya Myles Mzamo Márcio Mário Máxima Máximo Mélanie Mónica Mădălin Mădălina Mălina
Mărioara Măriuca Naadir Naail Naajy Naasih Naasir Naathim Naazhim Nabeeh Nabeel Nabhan Nabigh
Nabih Nabil Nachiket Nacio Nadeem Nadhir Nadia Nadim Nadine Nadr Nae Naeem Nafasat Nafees Nafesa
Nafis Nafula Naglis Nahashon Naiara Naib Naim Nair Najair Najam Najeeb Najuma Naki Naksh Nakul
Naliaka Nancy Nandini Nando Nanjala Nanni Naoimh Naoise Naom Naomh Naomi Naomy Napoleone Narcis
Narcisa Narciso Nashipie Nasiru Nasra Natalia Natalie Natalio Natan Natanael Nataniel Natasha
Natasza Natașa Nate Nath Nathalie Nathan Nathaniel Nathari Natividad Naveen Nayara Nayfa Nazaret
Nazario Ndegwa Nderitu Ndirangu Nduku Ndumiso Ndung'u Ndunge Ndungu Nduta Nechifor Nedas Nedda
Neel Neelima Neema Neha Nehemiah Neil Nekesa Nela Nelah Nelima Nelly Nelson Nelu Nerea Nereida
Nerijus Neringa Netra Nevaeh Neville Ng'ang'a Ngaire Ngamia Nganga Ngari Ngeni Ngigi Ngozi Ngugi
Nhlanhla Nia Niall Niamh Niara Nicanor Niccolò Nichifor Nichola Nicholas Nichole Nicholus
Nickson Nico Nicoară Nicodemo Nicodemus Nicodim Nicola Nicolae Nicolaie Nicolas Nicolasa Nicole
Nicoleta Nicoletta Nicolás Nicolò Nicu Niculina Niculiță Nicușor Nicuță Nidhi Nidia Nidra Nieves
Nigel Nigesa Nihal Niharika Nikau Nikita Nikki Niko Nikodem Nikora Nilda Nilima Nilo Nimakoah
Nimrat Nina Ninetta Ninioluwa Nino Nirja Nisha Nitara Nitesh Nixon Niyilolawa Njabulo Njagi
Njenga Njeri Njeru Njiru Njogu Njoki Njoroge Njozi Njue Njuguna Nkazimulo Nkiruka Nnamdi Nneka
Noa Noah Nobantu Nobuhle Noel Noelia Noemi Noemí Nojus Nokulunga Nomagugu Nomalanga Nomasonto
Nomathalente Nomathemba Nomcebo Nomthandazo Nomusa Nomvula Nonhlanhla Nonjabulo Nonso Noor Nora
Norah Norbert Norberto Norica Norma Norman Nothando Noxolo Nozibusiso Nozizwe Noé Noémi Noël
Nqobizitha Ntimi Nuala Nuhu Nula Nuno Nuria Nuriat Nuru Nwabudike Nyaboke Nyaga Nyakundi Nyamai
Nyambura Nyanchama Nyasi Nyawira Nydia Nyoka Nyongesa Nyoni Nyota Nyuki Nzioka Nzomo Nádia
Nélida Néstor Núria Oana Oba Obaid Obdulia Obed Obianuju Obinna Ochieng Octav Octavia Octavian
Octaviana Octavio Octaviu Océane Odalis Odalys Odette Odhiambo Odhran Odika Odongo Oduor Oeshi
Ofelia Ogechi Ogooluwa Oisin Ojas Ojasvi Oke Okechukwu Okello Okoth Okumu Oladare Oladimeji Olaf
Olajumoke Olakunle Olalla Olanrewaju Olansile Olasunmbo Olegario Olga Olgierd Olimpia Olimpian
Olimpiu Oliver Olivia Olivie Olivier Olivija Oliviu Oliwier Ololade Oloo Oluchi Olufunke
Olufunmilayo Olumorotimi Oluoch Oluwafemi Oluwagbemiga Oluwakemi Oluwamumibori Oluwamuyiwa
Oluwasanmi Oluwasegun Oluwole Olwethu Omair Omaja Omar Omari Omeir Omisha Omkaar Omobobola
Omobolanle Omodunni Omolabake Omolara Omondi Omosalewa Omotara Omotayo Omotola Omotoun Omowumi
Omran Omya Ondieki Onesmus Oni Onkar Onofre Onveer Onyango Onyinye Oonagh Opiyo Opwonya Oran
Orazio Oreofe Orestas Oreste Orfhlaith Oriana Orinder Orla Orlagh Orlaigh Orlaith Orlando
Ornella Ortansa Osama Oscar Osha Oskar Osman Osogo Ossama Osunleke Osvaldo Otieno Otilia Ottavio
Ottone Ouma Ovidio Ovidiu Oviya Owais Owen Owethu Owino Owuor Oyenike Oyindasola Ozana Ozioma
Pablo Paca Paco Pacífica Padraic Padraig Padraigin Pahal Paige Pallavi Palmira Paloma Pam Pambe
Pamela Pamfil Panagachie Panait Pancho Panfilo Panini Panya Paola Paoletta Paolo Paraschiva
Paride Parker Parsa Parth Parvez Pascal Pascual Pascuala Paskalia Pasqual Pasquale Pastora
Patrice Patricia Patricio Patrick Patrizia Patrizio Patryk Patrícia Paul Paula Paulette Paulica
Paulina Pauline Paulino Paulius Paulo Pauric Pavani Pavel Paweł Payton Paz Peadar Pearce Pearse
Pedro Peggy Pelaji Pelayo Pellegrino Penelope Penina Peninah Pepe Pepita Pepito Peris Perla
Perlita Perry Pervaiz Peter Peterson Petra Petras Petre Petrică Petrișor Petrona Petronela Petru
Petruț Petruța Peyton Phanice Phelix Philemon Philip Philippa Philippe Philippine Philis Phillip
Philomena Phineas Phoebe Phylis Phyllis Piaras Piedad Pierangelo Piergiorgio Piergiuseppe
Pierina Pierluigi Piermaria Piero Pierpaolo Pierre Piersanti Pietro Pijus Pilar Pili Pina Piotr
Pippa Pius Pleșu Plinio Plácido Polly Pompeo Pompilia Pompiliu Pomponio Poncio Pooja Popobawa
Porfirio Povilas Pranav Praneel Pranit Pratyush Preston Primitiva Primitivo Prisca Priscah
Priscila Priscilla Priscillah Prisha Priya Profira Prudencia Prudencio Przemysław Puccio Pumbaa
Purificación Pushti Pánfilo Pénélope Pía Pío Pătru Qaadir Qaasim Qabeel Qabil Qadar Qadeer Qadi
Qadim Qahtan Qaim Qais Qamar Qani Qanit Qareeb Qarin Qaseem Qasid Qasif Qasim Qatadah Qawee Qay-
yoom Qays Quadir Qudamah Quddoos Qudoos Quentin Quincy Quinn Quinter Quique Quirino Qurban Qusay
Qushi Qutaybah Qutb Qutub Raaghib Raagini Raahil Raakin Raamis Raamiz Raashid Raatib Rabah Rabar
Rabb Rabbaanee Rabbani Rabecca Rabee Rabi Rabiah Rabit Rachael Rachana Racheal Rachel Rachelle
Rachit Rachita Rada Radeke Radha Radhee Radhika Radi Radosław Radu Raed Raees Rael Raewyn Rafa
Rafael Rafaela Rafan Rafay Rafał Rafee Rafeek Rafeeq Raffaele Raffaella Raffaellino Raffaello
Rafi Rafila Rafiq Raghav Ragheb Raghib Rahab Rahat Raheel Raheem Rahma Raimondo Raimundo Rajab
Rajata Rajeshri Raksha Ralph Raluca Rama Ramadhan Raminta Ramiro Ramona Ramón Ranbir Randall
Ranieri Ranveer Raphael Raquel Rareș Rasa Rashid Rashidi Raul Rawiri Rayaan Rayan Raymond Raúl
Reagan Rebeca Rebecca Rebekah Reda Reece Regan Regina Reginald Rehaan Rehema Reina Reinaldo Relu
Rembrandt Remedios Remigio Remus Renata Renato Renee Renzo René Renée Reshoni Reuben Reva Rex
Reyansh Reyes Reyna Reynaldo Rhian Rhianna Rhianne Rhiannon Rhoda Rhonda Rhys Ria Rian Rica
Ricarda Ricardo Riccardo Ricciotti Richard Rickey Ricky Rico Ridhi Riley Risasi Rishi Risper
Rita Riya Riziki Robbie Robert Roberta Robertas Robertina Roberto Robinson Robyn Rocco Rochelle
Rocío Rodah Rodgers Rodica Rodney Rodolfo Rodrigo Rogelio Roger Rohaan Rohan Roise Roisin Rojus
Rokas Roksana Roland Rolandas Rolando Roldán Romana Romanița Romeo Romina Romolo Romualdas
Romulus Román Ronald Ronaldo Ronan Ronith Ronke Ronnie Ronny Rono Roque Rory Rosa Rosalia
Rosalina Rosalinda Rosalva Rosalía Rosaria Rosario Rosaura Roseanna Roseline Roselyn Roselyne
Rosemary Rosenda Rosendo Rosie Rosina Ross Rossana Rotich Rowan Roxana Roxelana Roy Roza Rozalia
Rua Ruairi Ruari Rubani Ruben Rubén Rudra Rufina Rufino Ruggero Ruggiero Ruhiu Rui Rukia Rungo
Ruperta Ruperto Ruqayya Rushil Russell Rusul Ruth Ruwaihim Ruxanda Ruxandra Ruy Ryan Ryder
Ryszard Rytis Régulo Rémy Rómulo Róża Rúben Răducu Răzvan S'fiso Saabir Saad Saadat Saadiq
Saafir Saahir Saaiq Saajid Saal Saalih Saalim Saanvi Saaqib Saariyah Sabah Sabahat Sabari Sabas
Sabatino Sabbir Sabeeh Sabil Sabin Sabina Sabine Sabiq Sabir Saboor Sabrina Sabur Saburah Sacha
Sachi Sadaka Sadan Sadao Sadaqat Sadeed Sadie Sadiki Safiri Safiya Safta Sai Saida Saidi Saim
Sair Sairah Saksham Salim Sally Salma Salome Salomea Salomey Salomé Salomón Salud Salvador
Salvatore Salvi Sam Samaksh Samama Samanta Samantha Samar Samarth Samesh Sammy Samson Samu
Samuel Samwel Samweli Sanaya Sancho Sanda Sandalio Sandile Sandra Sandro Sandu Sani Sante
Santiago Santino Santos Sanya Saoirse Saood Sara Sarabi Sarafina Sarah Sarita Sarthak Sasha
Saskia Sathvik Saturnina Saturnino Saul Saulius Saumu Saumya Sauti Sava Saverio Saveta Savina
Scarlett Scot Scott Seamus Sean Seana Seanan Seaneen Seanna Sebastian Sebastiano Sebastián
Sebastião Segilola Segismundo Seif Selena Selina Semenica Seona Serafina Serah Serena Sergio
Sergiu Sergius Seth Seve Severiano Severin Severina Severino Severo Seye Shaban Shadrack Shakira
Shamsuddeen Shane Shani Shania Shanice Shanna Shannan Shannen Shannon Shari Sharlene Sharon
Shaun Shauna Shauneen Shaurya Shawana Shawn Shawna Shay Shayne Shea Sheena Shehu Sheila Sheilah
Sheilla Sheillah Shekoni Shelby Shelia Shelley Shelly Shem Sheree Sheri Sherri Sheryl Shida
Shirley Shivani Shivansh Shona Shravya Sian Sibonelo Sibongile Sibusisiwe Sibusiso Siddharth
Sidonia Sienna Sifa Sifuna Sigfrido Sigita Sihawukele Sijuade Siku Sila Silas Silondile Silvana
Silvester Silvestre Silvestro Silvia Silvian Silviana Silvio Silviu Simas Simeon Simi Similoluwa
Simina Simion Simisola Simiyu Simon Simona Simonas Simone Simonetta Simphiwe Simão Simón Sinead
Sinică Siobhan Siofra Sione Siphesihle Sithembiso Siya Siyabonga Skolastika Skye Skyla Skylar
Smaranda Sneha Socorro Sofia Sofía Soledad Solomon Somadina Somtochukwu Sonia Sonya Sophia
Sophie Sophy Soraia Sorana Soraya Sorcha Sorin Sorina Sosimo Souma Sowande Spencer Speranța
Sphiwe Stacey Stacie Stacy Stan Stana Stanca Stancu Stanisław Stanley Stefan Stefani Stefania
Stefanie Stefano Stela Stelian Steliana Stella Stellah Steluța Stephanie Stephen Stephene Steve
Steven Stewart Stuart Stéphane Stéphanie Subomi Sudiksha Suhani Suleiman Sumayya Sungara Susan
Susana Susanita Susanna Susannah Susanne Suzana Suzanne Svetlana Swala Swaleh Sylivia Sylvester
Sylvia Sylvie Sylwia Szymon Sânziana Sébastien Sérgio Ta-tanisha Taahaa Taahir Taaj Taalib
Taamir Taanish Taariq Taban Tabassum Tabish Tabitha Tadas Tade Tadeen Tadeo Tadeusz Tafazal Taha
Tahaw-wur Tahawwur Taheem Tahir Tahmaseb Tahmeed Tahmid Tahoor Tahseen Tai Taial Taimur Taine
Taisir Taj Tajammal Tajammul Tajudinn Tajus Takatifu Talal Talat Talha Talhah Tali Talib Tama
Tamam Tamanna Tamara Tamati Tambika Tami Tammie Tammy Tamu Tanay Tane Tangaroa Tania Tanimu
Tanish Tanmayi Tanveer Tanvi Tanya Tara Tarak Tarfaan Tasha Tatiana Tautvydas Tawkeel Tayla
Taylor Tecla Teddy Teea Teerth Tegan Tejas Telemaco Telmo Temidayo Temistocle Teo Teobaldo
Teodor Teodora Teodoro Teodosia Teodosio Teofil Teohari Teona Tere Terence Teresa Teresia
Teresiah Teresita Terina Terrance Terrence Terri Terry Tess Tessa Teófila Teófilo Thabani
Thabisa Thabisile Thabiti Thalente Thandazile Thandeka Thandiwe Thando Thea Thembeka Thembekile
Thembile Thembisile Theo Theodor Theodore Theresa Therese Thibault Thibaut Thierry Thomas Thuo
Thuthukile Théodore Théophile Thérèse Tia Tiago Tiana Tiare Tiarna Tiarnan Tiberia Tiberiu
Tiburcio Tiegan Tiernan Tiffany Tim Timea Timotei Timoteo Timothy Timothée Tina Tinca Tincuța
Tirdad Tisa Tishk Titas Titilayo Tito Titus Tiziana Tiziano Tobias Tobiasz Toby Todd Todor Toki
Tokunbo Tola Tolulope Toluwanimi Tom Toma Tomas Tomasa Tomasz Tommy Tomori Tomás Tomé Toni Tonia
Tonicha Tonino Tonny Tony Tonya Tori Toribio Torquato Tory Toño Tracey Traci Tracie Tracy Traian
Travis Trent Trevor Tricia Trini Trinidad Tripti Tristan Tristán Triveni Triya Tsuma Tudor
Tudora Tudorița Tudosia Tuere Tufani Tui Tukufu Tullio Turvi Tyla Tyler Tymon Tymoteusz Tyrone
Tyson Ubaadah Ubadah Ubaid Ubaidah Ubaldo Ubay Ubayd Ubaydullah Uberto Ubika Ucchal Uche Uchenna
Udant Udarsh Udeera Udyati Ugo Ugolino Uhban Ujamaa Ujunwa Ulfat Ulises Umaarah Umair Umande
Umang Umar Umberto Umoja Una Unnati Unni Upadhriti Upasna Upkaar Upma Urbano Urishilla Urmi
Urrab Ursula Urszula Urvashi Urvi Ushindi Usiku Usman Utkarsh Uzima Vahar Vaida Vaidas Vaishnavi
Vakris Valary Valentim Valentin Valentina Valentín Valeria Valerie Valerio Valeriu Valero
Vallary Valter Valérie Vamakshi Vanesa Vanessa Vansha Vanya Varenya Varsha Varvara Vasana
Vasatika Vasco Vasile Vasilica Vasilică Vasudha Vaughan Veda Vedant Vedhika Vedika Velma
Venancio Venceslás Venera Veniamin Vera Vernon Veronica Veronicah Verónica Veta Vicenta Vicente
Vicenția Vicențiu Vicki Vickie Vicky Victoire Victoria Victoriano Victorino Victória Vida Vidal
Vidhi Vigilija Vihaan Viktorija Vilius Vilma Vinaya Vincent Vincentio Vincenza Vincenzo
Vincențiu Vinicio Violeta Viorel Viorela Viorica Viraj Virgilio Virginia Virginie Viridiana
Visarion Visitación Vitalija Vitalis Vito Vittoria Vittorio Vitória Vivaan Vivian Viviana
Vivienne Vlad Vladimir Vlaicu Vlădelina Voichița Voicu Vrinda Vrishti Vritti Vusumuzi Vyanjana
Vytautas Véronique Víctor Vítor Waahid Waail Waajid Waceera Wachira Wadee Wadood Wafa Wafeeq
Wafi Wafiq Wafula Wahab Wahb Wahban Waheed Wahhaab Wahhaaj Waida Waimarie Wainaina Wairimu
Wakeeta Walter Wamalwa Wambua Wambugu Wambui Wamwema Wanda Wangari Wangila Wangui Wanja Wanjala
Wanjiku Wanjiru Wanjohi Wanyama Wanyonyi Warda Warhi Waridi Warinder Warjas Warwick Waseme
Washington Watika Waweru Wayne Wazir Weddy Wekesa Weldon Wendy Wesley Wesonga Whitney Widisha
Wikitoria Wiktor Wilfred Wilfredo William Willie Willis Willy Wilson Winfred Winnie Winny Wiremu
Wishi Witold Wojciech Wriddhish Wridesh Wuraola Wyatt Wycliff Wycliffe Wálter Xalak Xavier Xenia
Ximena Xiomara Xiti Xobeen Yaa Yaaseen Yachana Yadavi Yadid Yafi Yafir Yaghnam Yagnesh Yago
Yahvi Yahya Yahyaa Yaiza Yakobo Yaman Yamar Yameen Yamini Yaqeen Yaqoot Yaqub Yar Yara Yasaar
Yaseen Yash Yashasvi Yashawini Yashem Yashica Yashoda Yashodhara Yashvi Yasin Yasinta Yasir
Yasmin Yasmine Yasti Yatan Yathrib Yatin Yauvani Yawar Yawer Yazan Yazeed Yejide Yeraz Yergha
Yesenia Yesoob Yetunde Yewande Yochana Yohana Yohane Yolanda Yoshita Yug Yunis Yureed Yussuf
Yusuf Yutika Yuvraj Yves Yvette Yvonne Yésica Yéssica Zaafir Zaahid Zaahir Zaakir Zabir Zablon
Zac Zacarías Zach Zacharia Zacharie Zachary Zackariya Zaeem Zafar Zafeer Zafir Zafrul Zahaar
Zaharia Zaheer Zahi Zahir Zahnya Zahri Zahrun Zahur Zaib Zaid Zaida Zainab Zainabu Zaira Zaitra
Zaituni Zak Zakaria Zakayo Zakhele Zamfir Zamfira Zane Zansi Zara Zarar Zaraza Zarna Zashil
Zauqi Zaweel Zayan Zayyan Zayyir Zehaan Zende Zeno Zenobia Zenovia Zenzele Zenzile Zerdad Zewad
Zibuyile Zilmil Zimran Zina Zinal Zinhle Zion Zipporah Zoe Zoey Zoraida Zoé Zuba Zuhri Zumaridi
Zuwayhir Zuwena Zwatie África Ágata Águeda Álvaro Ámbar Ángel Ángela Ángeles Áurea Ângela Ângelo
Édgar Édith Édouard Élisabeth Élise Élodie Éléonore Émile Émilie Éric Érica Étienne Ëakumbu
Íngrid Íris Íñigo Óscar Úrsula Łukasz
"""

FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
