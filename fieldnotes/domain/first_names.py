"""Given names the identifier check knows, when nobody listed them as protected.

Drawn from the person providers of Faker (https://github.com/joke2k/faker, MIT licence,
Copyright (c) 2012 Daniele Faraglia): the given names of its en_GB, en_US, en_IE, en_NZ, en_IN,
en_PK, en_NG, en_KE, ig_NG, ha_NG, yo_NG, tw_GH, sw, zu_ZA, pl_PL, ro_RO, lt_LT, it_IT, es_ES,
pt_PT and fr_FR locales, written in the Latin alphabet, three letters or more. Names that are
also everyday lower-case English words (Amber, Grace, Hope, Will, Jack, Rose …, by the wordlist
of Debian's wbritish package) or places and faiths (Devon, Sydney, Christian …) are left out: a
capitalised word at the start of a sentence or in a RAG rating must not look like a child. A
few names that are also rare words are kept (John, Peter, Harry, Tom). From the larger list of
Faker's base `en` locale (modern names such as Kayden, Keeley, Amira, Kian) only names that the
wordlist lacks in any case are added, since it also holds surnames and places (Boston, Dallas).
A name the list lacks is still caught by the other rules (a title, a role, a bracket, a
possessive) or by the notebook's protected names.
"""

from __future__ import annotations

_NAMES = """
Aaaqil Aaban Aabid Aachal Aadam Aaden Aadhya Aadi Aadil Aafiya Aahana Aahil Aalam Aalee Aalim
Aaliyah Aamil Aamir Aamirah Aanuoluwapo Aaqil Aarav Aarif Aarini Aariz Aarna Aarnav Aaron Aarush
Aaryan Aarón Aashi Aashif Aashir Aasif Aasim Aatif Aatiq Aaus Aayan Aayush Aazim Aba Abaan
Abagail Abayomi Abb Abbi Abbie Abbigail Abby Abdalla Abdallah Abdi Abdiel Abdihakim Abdu Abdul
Abdullah Abdullahi Abebi Abednego Abeer Abeiku Abel Abelardo Abena Abeni Abha Abhimanyu Abhiram
Abie Abigael Abigail Abigaili Abigale Abigayle Abigaíl Abilio Abiodun Abiona Abosede Abraham
Abril Abubakar Acey Achieng Achille Achim Achsah Acie Acy Ada Adaeze Adah Adalberto Adaline
Adalyn Adalynn Adam Adamaris Adamo Adan Adda Addison Addisyn Addyson Adebiyi Adebowale Adebukola
Adedayo Adedeji Adekitan Adekola Adekunle Adel Adela Adelaida Adelard Adelardo Adelasia Adelbert
Adele Adeleke Adelia Adelin Adelina Adell Adella Adelle Adelmo Adelyn Adelynn Aden Adenike
Adeniyi Adeolu Adeoti Adepeju Aderopo Adesewa Adeshina Adesoji Adesua Adetayo Adetoke Adetoun
Adeyi Adhra Adi Adia Adigun Adil Adilene Adimu Adin Adina Adison Aditya Adlai Adline Adolfo
Adolphus Adomas Adonis Adora Adoración Adrain Adria Adrian Adriana Adriane Adrianna Adrianne
Adriano Adriel Adrien Adriene Adrienne Adrija Adrián Adron Adunni Advaith Advay Advik Advika
Adweta Adwoa Adya Adyson Adán Adèle Adélaïde Aedan Affie Afia Afolarin Afonso Aftin Afton Afua
Agapito Agastya Agata Agathe Aggrey Aglaia Agnes Agness Agnieszka Agnolo Agnos Agnès Agostino
Agripina Agusta Agustina Agustus Agustín Ahmad Ahmed Aida Aidan Aideen Aiden Aidyn Aijuka Aileen
Ailene Aili Ailis Aime Aimee Aimé Aimée Ainara Aine Ainoa Ainsley Aisha Aishani Aisling Aislinn
Aistis Aitana Aitor Aivaras Aiyana Aiyanna Aja Ajala Ajani Ajoke Akanmu Akeelah Akeem Akinkunmi
Akinlabi Akinwale Akinyi Akira Akos Akosua Akoth Akshay Akua Akumaa Akumu Akwasi Akwesi Alade
Alain Alaina Alamu Alan Alana Alani Alanis Alanna Alannah Alanzo Alastair Alaya Alayna Alba
Albano Alberico Albert Alberta Albertha Albertina Albertine Alberto Albertus Albin Albina Alby
Alcee Alcide Alcides Alcie Alda Alderano Aldo Aldona Aleah Alease Alec Alecia Aleck Aleen Aleena
Aleisha Alejandra Alejandro Alejo Alek Aleks Aleksander Aleksandras Alena Alene Aleodor Alesha
Alesia Alessandra Alessandro Alessia Alessio Aleta Aletha Alethea Alex Alexa Alexande Alexander
Alexandr Alexandra Alexandre Alexandrea Alexandria Alexandrie Alexandrina Alexandro Alexandru
Alexe Alexia Alexina Alexis Alexus Alexys Alexzander Alf Alferd Alfie Alfio Alfonse Alfonso
Alfred Alfredo Algernon Algie Algirdas Algot Ali Alia Aliana Alice Alicia Alida Alijah Alin
Alina Alis Alisha Alison Alisson Alistair Alistar Alister Alivia Alix Aliya Aliyah Aliyu Aliza
Alize Alka Alla Allan Allean Alleen Allegra Allen Allena Allene Alline Allison Allisson Allyn
Allyssa Alma Almasi Almeda Almedia Almer Almeta Almina Almira Almon Almudena Almus Almyra Alois
Aloma Alondra Alonso Alonza Aloys Aloysius Alpheus Alphonce Alphons Alphonse Alphonsine
Alphonsus Altha Altie Alvah Alvan Alvena Alver Alvera Alverda Alverta Alvia Alvie Alvin Alvina
Alvira Alvis Alvy Alwilda Alwin Alwina Alwine Alycia Alys Alysa Alyse Alysha Alysia Alyssa
Alyssia Alyvia Alzina Alícia Ama Amada Amadeo Amado Amador Amahle Amaia Amaira Amalia Amalie
Amancio Amanda Amando Amani Amara Amarachi Amare Amari Amarilis Amarion Amaris Amaro Amasa Amaya
Amberly Ambrose Ambrosio Amedeo Amedeu Amelia Amelie Amelija Americo Amerigo Amey Ami Amiah
Amico Amie Amil Amin Amina Aminatu Amira Amirah Amit Amiya Amiyah Amleto Amma Ammie Ammon Amoke
Amol Amon Amondi Amope Amor Amos Amparo Amri Amrita Amruta Amy Amya Amza Amélia Amélie América
Américo Amílcar Ana Anabel Anabela Anabella Anabelle Anacleto Anahera Anahi Anaida Anais Analia
Anamaria Anamika Anaru Anasa Anastacia Anastacio Anastasia Anastasie Anastasio Anastazja
Anatolie Anay Anaya Anaïs Anca Ancel Ancil Ancuța Anda Anders Anderson Andile Andon Andra
Andrada Andrae Andre Andrea Andreas Andreea Andrei Andreia Andres Andrew Andria Andrian Andrius
Andrzej André Andrée Andrés Andwele Anemona Aneta Anfernee Angalia Angavu Angela Angele Angelica
Angelika Angelina Angeline Angelino Angelita Angella Angelo Anghel Anghelina Angie Angus
Angélica Anica Anice Anie Aniela Anika Anirudh Anissa Anita Anitra Aniya Aniyah Anișoara Anjali
Anjanette Anjelica Anjolaoluwa Anmol Ann Anna Annabell Annabella Annabelle Annah Annalisa
Annalise Annamae Annamaria Annamarie Annastacia Anne Anneliese Annemarie Anner Annet Annetta
Annette Annibale Annice Annie Annika Annis Annunziata Anona Anoni Anouk Ansaldo Ansel Anselma
Anselmo Ansh Ansley Anson Antanas Anthoney Anthony Antim Antione Antionette Antoaneta Antoin
Antoine Antoinette Anton Antonela Antonella Antonello Antonetta Antonette Antoni Antonia Antonie
Antonietta Antonina Antonino Antonio Antoniu Antony Antwain Antwon António Anunciación Anusha
Anuța Anvi Anwar Anya Anyango Aníbal Aodhan Aoibheann Aoibhin Aoibhinn Aoife Apolinar Apolonia
April Arabella Araceli Aracely Aradhana Arah Araminta Arba Arbie Arcelia Archie Ardath Ardelia
Ardell Ardella Ardelle Ardeth Ardis Ardith Ardyce Areli Arely Aretha Argie Arham Ari Aria
Ariadna Arian Ariana Ariane Arianna Arianne Aric Arie Ariel Ariella Arielle Arietta Arijus Arike
Ariki Arin Arina Arinola Aristide Aristides Aristița Arjun Arkadiusz Arkie Arla Arlan Arland
Arleen Arlen Arlena Arleth Arletta Arley Arlie Arlin Arlis Arlo Arly Arlyn Arlyne Arman Armandas
Armando Armida Armin Arminas Arminda Arminta Armond Armstead Arnaldo Arnas Arnaude Arnav Arne
Arnett Arnetta Arnie Arnold Arnoldas Arnoldo Arnulfo Aroa Aroha Aron Aronas Arra Arran Arrie
Arron Arsenie Arsenio Arta Artelia Artemio Artemisa Arther Arthor Arthur Artis Artur Arturo
Arunima Arusi Arvel Arvid Arvil Arvilla Arvin Arvo Arvydas Arya Aryan Aryana Aryanna Aránzazu
Asa Asake Asali Asani Asanti Asatira Asberry Asbury Ascensión Asdrubal Asha Ashby Ashely Asher
Ashlea Ashlee Ashleigh Ashlene Ashley Ashli Ashlie Ashling Ashly Ashlyn Ashlynn Ashton Ashtyn
Asmini Ason Assunta Astrid Asunción Ataahua Atena Atenulf Atfat Atha Atharv Atheel Athman
Athuman Athumani Ati Atiena Atieno Atilio Atinuke Attaf Atticus Attie Attilio Aubra Aubree
Aubrie Audie Audley Audrey Audriana Audrianna Audrina Audrius Audry Audy Augustas Auguste
Augustin Augustina Augustine Augusto Auraq Aurel Aurelia Aurelian Aureliana Aureliano Aurelija
Aurelio Aurica Aurică Aurilla Aurimas Aurora Aurore Aurthur Aurélie Austin Austine Auston Austyn
Auther Authur Autry Ava Avah Averi Averie Avi Avie Avni Avram Awadil Awamil Awamiri Awan Awani
Awero Awesi Awhina Awj Awlya Awmar Awrad Axel Axenia Axinte Ayaan Ayamin Ayana Ayanna Aydan
Ayden Aydin Ayesha Ayinde Ayinke Ayla Ayleen Aylin Ayodeji Ayodele Ayoka Aysar Ayub Ayush
Ayushman Ayyubi Azaan Azad Azahar Azahara Azalee Azaria Azariah Azban Azeeb Azeglio Azeneth
Azizi Azucena Azul Azzie Baaba Baahir Baaizeed Baaqee Baaqir Baaree Baashir Baasim Baasit Babar
Babasola Babatunji Babawale Baber Babette Babyboy Baccio Bachittar Badawi Badr Baghyawati Baha
Bahaa Bahadurjit Bahari Bahati Bailee Bailey Bailie Bairbel Bakari Bakhshi Baldassare Baldomero
Balduino Baleegh Balendra Balhaar Balinda Baljiwan Baltasar Balvan Balveer Bama Bambad Bandile
Banjeet Baqar Baqir Baraka Barasa Barbara Barbu Barkha Barnie Barr Barraq Barry Bartek Bartley
Bartolomeo Bartolomeu Bartolomé Basaam Basarab Bascom Baseer Basel Basem Bashaar Bashaarat
Bashar Basharat Basheer Basheerah Basilio Basim Basir Bassam Batal Batool Baudelio Bautista
Bayard Baylee Baylie Bazam Bea Beadie Beatrice Beatriz Beauden Beaulah Bebe Beckham Beckie Becky
Beda Bedford Begoña Belen Belia Belinda Bella Bello Belton Belva Belén Ben Bena Benard Benas
Benedetto Benedict Benedita Beniamin Benigna Benigno Benita Benito Benjaman Benjamen Benjamim
Benjamin Benjamine Benjamín Benji Benjiman Benjman Benn Benone Benoît Benson Benta Benvenuto
Beppe Berdie Berenice Berezat Berkley Bernabé Bernadette Bernard Bernarda Bernardine Bernardino
Bernardita Bernardo Berneice Bernetta Bernhard Berniece Bernita Berta Bertina Berto Berton
Bertrand Beshte Besse Beth Betha Bethan Bethann Bethany Bethel Bethzy Betina Betsey Bett Bettina
Betty Bettyjane Bettylou Beula Bev Bevan Beverlee Beverley Beverly Beyonce Bhanumati Bhavani
Bhavika Bhavini Bhavna Bhavya Bhekani Bhekisisa Bhekizizwe Bhekokwakhe Biagio Bianca Bianka
Bibiana Bibuwa Biddie Bienvenida Bilaal Bilal Bilha Bilkisu Billie Billy Billye Bimala Bina
Birdella Birousk Birt Birtha Birtie Bishakha Bizhan Bjorn Blain Blaine Blair Blaise Blake
Blanaid Blanca Blanchie Blanduzia Blane Blanka Blas Bluford Boaz Bobby Bobbye Bodhi Bogdan
Bogdana Bolatito Bolden Boluwatife Boma Bonface Boniface Bonifacio Bonnie Borja Borys Bosibori
Boyce Boysie Brad Braden Bradley Brady Bradyn Braeden Braedon Braelyn Braiden Bramwel Brandan
Brande Brandee Brandi Brandin Brandon Brandyn Brannon Branson Brantley Braulio Bravin Braxton
Brayan Brayden Braydon Braylen Braylon Brea Breana Breandan Breann Breanna Breanne Bree Brenda
Brendah Brendan Brenden Brendon Brenna Brennen Brennon Brent Breonna Brett Bria Brian Briana
Brianda Brianna Brianne Bridget Bridgit Brielle Brien Brigette Brigid Brigita Brigitte Brijesh
Briley Brinda Brinley Brion Brionna Brisa Britany Britney Britni Britny Britta Brittaney
Brittani Brittanie Brittany Brittnay Brittnee Brittney Brittni Brittnie Brittny Britton
Broderick Brodie Brody Brogan Bronach Bronagh Bronwyn Brooke Brooklyn Brooklynn Bruce Bruna
Brunilda Bruno Bryan Bryana Bryanna Bryce Brycen Brylee Bryn Brynlee Brynn Bryony Bryson Bryton
Brândușa Brígida Brăduț Bucur Budd Buddie Buel Buelah Buell Buena Buenaventura Bula Bulah Buna
Bunmi Buraid Burdette Buren Burk Burleigh Burley Burnell Burney Burnice Burnie Burrel Burrell
Busara Busisiwe Bynum Byrdie Bárbara Bănel Błażej Cade Caden Cael Caetana Cahal Cahir Caiden
Cailin Cailum Cailyn Caitlin Caitlyn Caitlynn Caitriona Caius Calcedonio Caldonia Cale Caleb
Caleigh Calista Calisto Calixta Calixto Calla Callan Calleigh Callum Calogero Calum Calvin
Calvince Cambria Camden Camelia Cameron Cami Camil Camila Camilla Camille Camillo Camilo Camisha
Cammie Campbell Camren Camron Camryn Candace Candela Candelaria Candelario Candelas Candi
Candice Candida Candido Candis Candyce Cannie Cantemir Caoilfhionn Caoimhe Caoimhin Caolain
Caolan Caomhan Capitola Cappie Capucine Cara Caragh Caren Cari Caridad Carie Carin Carina Carisa
Carl Carla Carlee Carleen Carleigh Carleton Carley Carli Carlie Carlisle Carlito Carlo Carlos
Carlota Carlotta Carly Carlyn Carma Carmel Carmela Carmelita Carmelo Carmen Carmina Carminho
Carnell Caro Carolann Carole Carolee Carolina Caroline Carolyn Carolyne Carolynn Caron Carra
Carren Carri Carrie Carrol Carsen Carter Caryl Caryn Casandra Casemiro Casen Casey Casian
Casiana Casie Casimer Casimir Casimiro Cason Casper Cass Cassandra Cassidy Cassie Cassondra
Caswell Catalina Catarina Caterina Cathal Catharine Catherine Cathern Cathey Cathi Cathie
Cathrine Cathy Catina Catinca Catrina Catrinel Catriona Cayden Caydence Cayetana Cayetano Cayla
Caylee Cazimir Ceara Ceasar Cebrián Cecilia Cecilio Cedrick Cedrin Ceferino Ceil Celena Celestia
Celestina Celestine Celestino Celia Celie Celine Celso Cena Centrine Ceola Cephus Cerasela Cesar
Cesare Cezar Cezara Cezary Chaaya Chace Chadd Chadrick Chaim Chaitaly Chaitanya Chaka Chakradev
Chakradhar Chakrika Chalmer Chalmers Chamali Chaman Chameli Champak Chana Chanakya Chancey
Chanchal Chanda Chandani Chandran Chandresh Chanelle Changaz Chanie Chaniya Channie Channing
Chantal Chante Chantel Chantelle Charan Charis Charissa Charisse Charita Charla Charle Charlee
Charleen Charlene Charles Charlesh Charlie Charline Charlize Charlotta Charlotte Charlottie
Charls Charlsie Charlton Charly Charo Charolette Charvi Chas Chashida Chasmum Chatresh Chatura
Chauncy Chausiki Chavvi Chawish Chaya Chaz Che Chebet Chege Chelangat Chelo Chelsea Chelsey
Chelsi Chelsie Chelsy Chema Chepkemoi Chepkoech Chepkorir Cher Cheragh Cherelle Cherie Cherilyn
Cherise Cherith Cherotich Cherrelle Cherri Cherrie Cherryl Cheruiyot Cheryl Cheryle Cheryll
Chesley Chessie Chestina Chet Cheusi Cheyanne Cheyenne Chiamaka Chiara Chibuzo Chidimma Chigozie
Chijioke Chimere Chinedu Chinelo Chinyere Chipukizi Chita Chizoba Chloe Chloie Chris Chrissie
Chrissy Christabel Christal Christeen Christel Christelle Christena Christene Christiana
Christiane Christie Christin Christina Christine Christion Christop Christophe Christopher
Christy Chucho Chuki Chukwudi Chukwuemeka Chus Chuy Chyna Chynna Cianan Ciara Ciaran Ciarra
Ciarrai Cicely Cielo Ciera Cierra Ciji Cilla Cillian Cinda Cindi Cindy Cinthia Cintia Ciprian
Cipriana Cipriano Ciriaco Cirillo Cirino Ciro Ciríaco Citlali Citlalli Clabe Claire Clara
Clarabelle Clarance Clare Clarence Claribel Clarinda Clarine Clarisa Clarissa Clark Clarnce
Classie Claud Claude Claudia Claudie Claudine Claudio Claudiu Clayton Clearence Cleda Clelia
Clell Clella Clemence Clemente Clementina Clemie Clemma Clemmie Clemon Cleola Cleon Cleone
Cleopatra Cleophas Cleora Cleta Cleto Cletus Cleva Cleve Clevie Clide Cliffie Clifford Clinton
Cliodhna Cliona Clive Clodagh Cloe Clora Clotilda Clotilde Cloyd Clyda Clydie Clytie Cláudio
Clémence Clímaco Coby Codey Codi Codie Codin Codrin Codrina Codruț Codruța Cody Coen Cohen Cole
Coleton Coletta Colette Coley Colie Colin Colins Colleen Collette Collin Collince Collins Collis
Colm Colten Colter Colton Coluccio Colum Colvin Conal Conall Conan Conard Concepcion Concepción
Concetta Concha Conchur Conn Connie Connor Conor Conrad Conrado Consolata Constance Constantin
Constantina Constanza Constança Constanța Consuela Consuelo Contina Cooper Cora Coraima Coralia
Coralie Corbett Corbin Corda Cordaro Cordell Cordella Cordero Cordia Cordie Corean Corene
Coretta Corey Cori Corie Corina Corinna Corinne Coriolano Corliss Cormac Cornel Cornelia
Cornelio Cornelious Corneliu Cornelius Cornie Corrado Corrie Corrina Corry Cortney Corvin Corwin
Cory Cosmas Cosme Cosmin Cosmina Cosmo Costache Costantino Costanzo Costel Costin Coty Courteney
Courtland Courtney Craig Crenguța Creola Crescencia Cressie Crin Crina Cris Crissie Crissy
Crista Cristal Cristea Cristen Cristi Cristian Cristiano Cristin Cristina Cristine Cristobal
Cristofer Cristofor Cristopher Cristy Cristóbal Cruz Crysta Curley Curro Curtis Curtiss Custodia
Custodio Cydney Cyndi Cyntha Cynthia Cyprian Cyrus Cándida Cándido Cécile Célina Céline César
Călin Cătălin Cătălina Daamin Daanish Daanyaal Daawood Dabbah Dabir Dabney Dacian Daciana Dafina
Dafne Daghfal Dagmar Dagmara Dagny Dai Daiana Daija Daijah Dainess Dainius Daire Dairine Daisey
Daisha Daisie Daisye Daiyaan Daja Dakhil Dakoda Dakota Dakotah Daksh Daksha Dakshesh Dalaja
Dalbir Dalia Dalila Dalili Dallin Dalmas Dalton Dalvin Damarcus Damari Damarion Damaris Dameer
Dameon Damian Damiano Damien Damife Damini Damián Damon Damond Damurah Damyanti Dan Dana Danae
Dancan Dancun Dandre Daneen Danelle Danette Dangelo Dani Dania Danica Daniel Daniela Daniele
Danielius Daniella Danielle Danika Danilo Danish Danita Danjuma Dann Danna Danniel Dannielle
Danny Danson Dante Danyel Danyell Danyelle Daquan Dara Darain Darci Darcie Darcy Darell Daria
Darian Dariana Darien Darija Darika Darin Dario Darion Darius Dariusz Darl Darleen Darlene
Darline Darlyne Darold Daron Darpan Darragh Darrell Darren Darrian Darrick Darrien Darrin
Darrion Darrius Darron Darry Darryl Darryle Darryll Darryn Darsh Darvin Darwyn Daryl Daryle
Daryn Darío Dashawn Dasia Dastageer Daud Daudi Daulton Daunte Davante Dave Davey Davian David
Davie Davin Davina Davion Davis Davon Davonta Davonte Dawid Dawna Dawne Dawud Dax Daxton Dayamai
Dayami Dayana Dayanara Dayita Dayle Dayna Dayne Dayse Dayyaan Deaglan Deandra Deane Deangelo
Deanna Deante Dearbhail Dearbhaile Dearbhla Deasia Debbi Debbie Debbra Debera Debi Debora
Deborah Deborrah Debra Debrah Debroah Decebal Declan Dedra Dedric Dedrick Deeann Deedee Deegan
Deepa Deetta Deidra Deion Deirbhile Deividas Deja Dejah Dejon Dejuan Delcie Delfina Delfino
Delia Deliah Delila Delina Delinda Delisa Dellar Delle Dellia Dellie Delma Delmas Delmus Delois
Delora Delos Delpha Delphia Delphin Delphine Delsie Delton Delvin Delwin Dema Demarco Demarcus
Demario Demarion Demetra Demetri Demetria Demetric Demetrio Demetrios Demi Demian Demilade
Demond Demonte Deneen Denese Denice Denine Denis Denisa Denise Denisha Denisse Denita Dennie
Dennis Denton Denzel Denzell Denzil Deondre Deonta Deontae Deonte Dequan Derald Dereck Derek
Dereon Deric Derick Derik Derl Dermot Deron Derrek Derrell Derrick Dervla Derwin Deryl Desean
Deshaun Deshawn Desi Desiderio Desirae Desiree Desmond Despina Dessa Dessie Destany Destin
Destinee Destiney Destini Destry Dev Devan Devansh Devante Devaughn Deven Devika Devin Devonta
Devontae Devonte Devyn Deward Deyanira Dezzie Dhriti Dhruv Diallo Dian Diana Dianah Diandra
Diane Dianne Diarmuid Dicie Dickson Dicy Dida Didina Diego Dilan Dillan Dillie Dillion Dillon
Dimas Dimitri Dimitrina Dimitrios Dina Dinah Dinis Dino Dinu Diogo Dion Dione Dionicio Dionigi
Dionisia Dionisio Dionne Dionte Dipta Dismas Divya Diya Djuana Djuna Dochia Docia Doina Dola
Dollye Dolores Doloris Dolph Dolphine Dolphus Domantas Domas Domenic Domenica Domenick Domenico
Domhnall Dominga Domingo Dominic Dominik Dominique Dominque Dominyka Dominykas Domitila Domnica
Domonique Donaciano Donal Donald Donat Donatas Donatella Donatello Donato Donavan Donavon Dondre
Donell Donia Donie Donita Donna Donta Dontae Donte Dora Dorathea Dorathy Dorcas Dorcus Doreen
Dorel Dorene Doretha Doretta Dori Dorian Doriana Dorin Dorina Dorinda Dorine Dorinel Doris
Dorita Dorla Dorli Dorman Dorota Dorotea Dorotha Dorothy Dorothée Dorr Dorris Dortha Dorthea
Dorthey Doru Dosha Doshia Doshie Dosia Dossie Dottie Douglas Dovie Dovydas Doyinsola Dozier
Draga Dragoș Draven Drema Drucilla Drury Drusilla Duane Duard Duarte Ducu Duilio Dulce Dulcie
Duma Dumisani Dumisile Dumitra Dumitrana Dumitru Duncan Dunia Durab Durante Durell Durodola
Durrell Durward Durwood Dustan Dustin Dustyn Duwayne Dwain Dwaine Dwan Dwane Dwayne Dwyane Dyan
Dylan Dyllan Dylon Débora Eadaoin Eamon Eamonn Ean Earlean Earley Earlie Eartha Easton Eathel
Ebba Ebbie Ebenezer Eber Eboni Ebuka Ecaterina Eda Edd Eddah Eddie Edel Edelmira Edelmiro Eden
Edgar Edgaras Edgardo Edhitha Edie Edinah Edita Edith Edla Edmon Edmond Edmonia Edmundo Edna
Ednah Edoardo Edra Edrie Edris Edson Edu Eduard Eduarda Eduardo Edvardas Edvinas Edw Edward
Edwin Edyth Edythe Eesaa Eesha Effa Efraín Efrem Eftimia Eftimie Egbert Egidijus Ehan Ehsaas
Ehsan Eijaz Eileen Eilis Eilish Eimantas Eimear Eimer Eimhear Einar Eino Eiravati Eithel Ejaz
Ejlaal Ekaja Ekalinga Ekani Ekansh Ekanta Ekantika Ekapad Ekaraj Ekavir Ekbal Ekene Ekiya Ekow
Ekta Ekundayo Ekundu Ela Eladio Elaf Elaina Elaine Elana Elayne Elba Elberta Elbridge Elby Elda
Elden Eldora Eldred Eldridge Eleanor Eleanora Eleanore Elease Electa Elena Elenor Elenora
Elenore Eleonora Eleonore Eleuterio Elex Elfie Elfreda Elfrieda Elgie Elgin Eli Elia Eliabeth
Eliakimu Elian Eliana Elianna Elias Elick Elida Elie Eliezer Eliga Eligah Elige Eligia Eligio
Elihu Elijah Elinore Elisa Elisabet Elisabeta Elisaveta Elise Eliseo Elisha Elissa Eliud Eliza
Elizabet Elizabeth Elizah Elizbeth Elizebeth Elkana Ella Elladio Ellamae Ellar Elle Ellen Eller
Ellery Elliana Ellie Elliot Elliott Ellsworth Ellwood Elly Ellyn Elmina Elmira Elmire Elmo
Elmore Elmyra Elna Elodia Elodie Elois Eloisa Eloise Elon Elonzo Elosy Elouise Eloy Eloísa
Elphas Elpidio Elsie Elsworth Elta Elvera Elvie Elvina Elvira Elvis Elwanda Elwin Elwyn Ely
Elyse Elyssa Elza Elzada Elzie Elzy Elías Elżbieta Ema Emaline Emanoil Emanuel Emanuela Emanuil
Emeka Emelia Emelie Emelina Emeline Emely Emer Emett Emigdio Emil Emilee Emilia Emilian Emiliana
Emiliano Emilie Emilio Emilis Emilly Emily Emma Emmaculate Emmah Emmalee Emmaline Emmanuel
Emmanuelle Emmer Emmet Emmett Emmie Emmit Emmitt Emmons Emmy Emogene Emperatriz Emran Emry
Emília Ena Encarna Encarnacion Encarnación Encarnita Enda Eniola Ennio Ennis Enock Enola Enrico
Enrika Enrique Enriqueta Enya Enzi Enzio Enzo Eoghan Eoin Eola Ephantus Ephram Ephriam Epifanio
Eppie Epsie Eraldo Erasmo Erastus Erby Eremia Eric Erica Erick Erik Erika Erikas Erin Erla
Erland Erle Erlene Erlinda Erline Erling Ermanno Ermenegildo Ermes Ermina Ernest Ernestas
Ernestina Ernesto Ervin Erving Eryk Erykah Eryn Esco Esequiel Esfandyar Eshan Eshana Esi Esker
Esley Esmeralda Esperanza Espiridión Essa Esta Esteban Estefani Estefania Estefany Estefanía
Estel Estela Estell Estera Estevan Esther Estie Estill Eston Estrella Esupofo Etelvina Etha
Ethan Ethelbert Ethelene Ethelyn Ethen Ethie Ethyl Ethyle Etizaaz Etta Etter Ettie Ettore Euan
Eudora Eufemia Eufrosina Eugen Eugene Eugenia Eugenio Eugine Eugène Eulah Eulalia Eulalie Euna
Eunan Eunice Euphemia Eura Eusebia Eusebio Eusebiu Eustace Eustaquio Eustațiu Eutimio Eutropio
Eva Evaldas Evalena Evaline Evalyn Evalyne Evan Evance Evander Evangelina Evangelista
Evanghelina Evans Evaristo Evelena Evelia Evelin Evelina Eveline Evelyn Evelyne Evelynn Everet
Everline Everlyne Evertt Evette Evia Evie Evita Evon Evonne Ewa Ewald Ewan Ewart Ewatomi Ewelina
Ewell Ewin Exa Exie Ezekiel Ezell Ezequiel Ezio Ezra Ezzard Fabia Fabian Fabiana Fabio Fabiola
Fabián Fabricio Fabrizia Fabrizio Fadekemi Faderera Fae Fahari Fahmi Fainche Faisa Faizan Falak
Falan Falguni Fallon Falon Fanaka Fannye Faqid Farah Faraj Faraja Faras Farhan Farhiya Farida
Farijika Fariq Faris Faron Farrah Farris Fatima Fatuma Faustas Faustino Fausto Faye Fayette
Fazli Feargal Fearghal Febe Fedele Federica Federico Federigo Fehintola Feisal Felicia Feliciana
Feliciano Felicidad Felicie Felicitas Felipa Felipe Felisa Felisha Felista Felister Felistus
Felix Felton Fenton Ferd Ferdinando Fergal Fergus Ferman Fermín Fernand Fernanda Fernando Ferne
Festus Fiamma Fibikemi Fidel Fidela Fidelia Fidelis Fidencio Fidvi Fiifi Fikayomi Filip Filipa
Filipe Filippa Filippo Filofteia Filomena Finbar Finn Fintan Fiodor Fiona Fionntan Fionnuala
Fiorenzo Fiorino Firman Fitan Fito Fitzhugh Fiyaz Flavia Flavio Flaviu Fleda Fleeta Flem Fleta
Fletcher Floare Floarea Flonnie Flor Florance Florea Florence Florencia Florencio Florene
Florentin Florentina Florentino Florența Floretta Florian Floriana Florica Florie Florina
Florinda Florrie Floy Flynn Folashade Folu Fortunata Fortunato Foy Frado Frances Francesca
Francesco Francies Francina Francis Francisc Francisca Francisco Francisquita Franciszek Franck
Franco Frankie Franklin Frankline Franklyn François Françoise Fraser Frazer Fred Frederic
Frederica Frederick Fredericka Frederico Fredie Fredo Fredrick Fredy Freeda Freya Frida Fridah
Frona Fronia Fronie Fronnie Frusina Fryderyk Frédéric Frédérique Fulgencio Fulvio Fumiko Furman
Fábio Fátima Félix Gabe Gabi Gabino Gabriel Gabriela Gabriele Gabrielius Gabriella Gabrielle
Gaetano Gagan Gaige Gail Gaither Gaja Galasso Galilea Galo Gambo Ganga Gannon Gareth Garett
Garey Garima Garnett Garold Garrett Garry Garvin Gary Gaspar Gaspare Gasper Gaston Gastone
Gastón Gathoni Gaurang Gaurangi Gaurav Gauri Gaurika Gautam Gautami Gaven Gavin Gavyn Gayathri
Gaye Gayla Gaylen Gaylene Gaylon Gaylord Gaynell Gbadebo Gbolahan Gbowoade Geanina Gearld
Gearldine Geary Gediminas Gedion Geetika Gelsomina Gelu Gema Gemma Geneviève Genevra Gennaro
Gennie Geno Genoveva Gențiana Geoff Geoffrey Geofrey Georganna George Georgeann Georgeanna
Georgel Georgene Georges Georgeta Georgetta Georgia Georgian Georgiana Georgiann Georgianna
Georgie Georgina Georgine Geovanni Gerald Geraldine Geraldo Geralyn Gerard Gerardo Gerda Gerhard
Gerhardt Geri Germaine Germana Germán Gerold Geronimo Gerri Gerrit Gertha Gertie Gertrudis
Gervasio Gerónimo Gesare Geta Gethera Getrude Ghaalib Ghaazi Ghaffaar Ghafoor Ghaith Ghalib
Ghanee Ghanem Ghannam Ghasaan Ghauth Ghawth Ghayoor Ghazalan Ghazanfar Ghazanfer Ghazawan Ghazi
Ghazzal Ghenadie Gheorghe Gheorghiță Gherghina Ghiyaath Ghiyath Ghiță Ghufran Ghulaam Ghulam
Ghunayn Ghusharib Ghusun Ghutayf Gia Giacinto Giacobbe Giacomo Giada Giampaolo Giampiero Gian
Giana Giancarlo Gianfrancesco Gianfranco Gianina Gianluca Gianluigi Gianmarco Gianna Gianni
Gianpaolo Gianpietro Gibson Gicu Gică Gideon Gidget Giedrius Gifford Gifty Gigi Gil Gilbert
Gilberto Giles Gilford Gilles Gillian Gillie Gilman Gilmer Gina Gino Gioacchino Gioachino Gioele
Gioffre Gionata Giorgia Giorgian Giorgiana Giorgio Giosuè Giovani Giovanna Giovanni Giovanny
Girik Girindra Girish Girolamo Girtha Gisela Gisele Gisselle Gitau Githinji Gitonga Giulia
Giuliana Giuliano Giulietta Giulio Giuseppe Giuseppina Giustino Gladis Gladyce Gladys Glauco
Glenda Glendon Glendora Glenn Glennie Glennis Glenwood Glenys Glinda Gloria Glynda Glynis Glynn
Goda Godfrey Godofredo Godwin Goebel Goffredo Gohar Goldia Goma Gonzalo Gonçalo Gopal Gorden
Gordon Gottlieb Goyo Gracelyn Gracia Graciana Graciano Graciela Graeme Graham Grainne Granville
Grayce Graydon Grayling Grayson Graziano Graziella Grațian Grațiana Grațiela Greca Grecia Greco
Greg Gregg Greggory Gregoria Gregorian Gregorio Gregory Greta Gretta Greyson Grigore Grisel
Griselda Grzegorz Grégoire Guadalupe Guarino Guglielmo Gugu Gugulethu Guido Guilford Guilherme
Guillaume Guillermo Guiomar Gulab Gulfaam Gulfam Gulshan Gulzar Gunbir Gunda Guneet Guney Gunnar
Guss Gussie Gusta Gustaf Gustas Gustave Gustavo Gustaw Gustie Gwenda Gwendolyn Gwyneth Gytis
Gérard Habiba Habibu Hadassah Haden Hadija Hadithi Hadiza Hadley Hafsa Hafsat Haiba Haiden
Hailee Hailey Hailie Hakeem Hakim Halbert Haleigh Haley Hali Halie Halima Halisi Halle Hamis
Hamish Hamisi Hamp Hamsini Hamza Hana Hanja Hannabel Hannah Hansford Haralamb Haralambie
Harambee Hardie Hardik Harinakshi Harini Harish Harita Harl Harland Harlen Harlene Harley Harlie
Harlon Harman Harnail Harold Haroldo Haron Harper Harrie Harriet Harriette Harrison Harrold
Harry Harshil Hartley Hartwell Haruko Harun Haruna Harve Harvey Harvie Harvy Hasan Hasel Hashiki
Haskell Hassan Hassie Hatima Hauwa Hawa Hawehindi Hayden Haydée Haylee Hayleigh Hayley Haylie
Hayward Hazeem Hazelle Hazen Hazle Heber Hector Hedwig Hedy Heidi Heidy Hekima Helaine Helen
Helena Heliodoro Hellen Helma Helmer Helyn Hema Hemal Hemang Hemangini Hemani Hemi Henery Hennie
Henretta Henri Henrieta Henriette Henrique Henry Heracleea Heraclio Herbert Herberto Heriberto
Herlinda Herma Hermann Hermenegildo Hermina Hermine Herminia Herminio Hermon Hernan Hernando
Hernán Hershell Hertha Hervey Hesbon Hessie Hetty Heyward Hezron Hezzie Hidaya Hideo Hilah
Hilario Hilary Hilda Hildah Hildegard Hildegarde Hildred Hildur Hillard Hillary Hillery Hilliard
Hilma Hilmer Hinewai Hipólito Hiral Hiroshi Hitesh Hjalmar Hjalmer Hoani Hobert Hobson Hodari
Hoke Holli Hollie Honora Honoré Horacio Horațiu Horea Horia Hortencia Hortense Hortensia Hosea
Hosie Hosteen Howard Hoy Hoyt Hredhaan Hritik Hubert Hudson Hugh Hughey Hughie Hugo Hugues Huia
Hulda Huldah Humaiya Humberto Humphrey Hurbert Hussein Huy Huzaifa Hyman Hyrum Héctor Hélène
Iacob Iain Ian Iancu Ianis Iara Iasmina Ibaad Ibidapo Ibironke Ibn Ibraaheem Ibraheem Ibrahim
Ibán Ica Icey Icie Ida Idabelle Idamae Idell Idella Idika Idrees Idris Ieremia Iesa Iesha Ieshia
Ieva Ifeanyi Ifechukwu Ifeoma Iftikhaar Iftikhar Ifunanya Ige Ignacia Ignacio Ignacy Ignas
Ignatz Ignazio Igor Ihab Ihaia Ihsaan Ihsan Ihtesham Ihtiram Ihtishaam Ihtsham Ijaya Ijli Ikbal
Ikenna Ikeoluwa Iker Ikhlaas Ikraam Ikramah Ikrimah Ikshita Ilah Ilan Ilaria Ilarie Ilarion Ilda
Ildefonso Ileana Iliana Ilie Ilinca Illa Illya Ilma Ilo Ilona Ima Imani Imanol Imany Imara
Imaran Imelda Immanuel Imo Imogen Ina Inaya Indali Indi India Indie Indira Indrajit Inell Ineta
Inga Ingeborg Inger Ingrida Inioluwa Inmaculada Inocencio Inocențiu Inès Inés Inês Ioan Ioana
Ioanina Iola Iolanda Iona Ione Ionel Ionela Ionelia Ionică Ionuț Iosefina Iosif Ippazio Ira
Irena Irene Iretioluwa Iridenta Iridian Irina Irine Irinel Irl Irma Irmantas Irungu Irva Irven
Irvine Irya Isa Isaac Isaack Isaak Isabel Isabela Isabell Isabella Isabelle Isack Isadora
Isadore Isai Isaiah Isaias Isam Isamar Isaura Isaya Isaías Iseoluwa Isha Ishaan Isham Ishani
Ishanvi Ishita Ishola Ishwar Isidor Isidora Isidore Isidoro Isidro Isla Ismael Ismail Isobel
Isom Isreal Issa Issack Itanya Ituri Itzel Itziar Iulia Iulian Iuliana Iuliu Iurie Iustin
Iustina Iustinian Ivah Ivan Ivana Ivanna Iver Iverson Iveta Ivette Ivey Ivie Ivo Ivona Ivone
Ivonne Ivor Iván Iwo Iyabode Iyadunni Iyana Iyanna Iza Izaaz Izabela Izabella Izabelle Izaiah
Izayah Izetta Izola Izora Jaabir Jaafar Jaan Jabari Jabbaar Jabbar Jabez Jabir Jabr Jabulani
Jacalyn Jace Jacek Jacey Jacinta Jacinto Jackeline Jacki Jackie Jackline Jackson Jaclyn Jacob
Jacobo Jacoby Jacopo Jacque Jacquelin Jacqueline Jacques Jacquez Jacquline Jacqulyn Jad Jada
Jaden Jadiel Jadon Jadyn Jaeda Jaeden Jael Jaelyn Jaelynn Jafar Jafet Jaffer Jagat Jagdish
Jagrati Jagvi Jahangir Jahanzeb Jahdami Jahdari Jaheem Jaheim Jahi Jahiem Jahir Jahiz Jahm Jai
Jaida Jaiden Jaidyn Jailene Jailyn Jaime Jaimee Jaimie Jair Jairaj Jairo Jairus Jajuan Jakayla
Jake Jakob Jakobe Jakub Jalaal Jalal Jaleel Jalees Jaleesa Jalen Jalia Jalil Jalisa Jalissa
Jaliyah Jalon Jalsa Jalyn Jalynn Jamaal Jamal Jamarcus Jamari Jamarion Jameel James Jameson
Jamey Jamie Jamil Jamila Jamin Jamir Jamison Jamiya Jammie Jamya Jan Jana Janae Janaki Janani
Janay Jane Janeen Janel Janene Janessa Janet Janeta Janeth Janette Janey Jangwa Janiah Janice
Janina Janine Janiya Janiyah Jann Jannette Januja Janya Janyce Japhet Japheth Jaquan Jaquelin
Jaqueline Jaquez Jarad Jared Jaren Jaret Jarett Jarlath Jarod Jaron Jarrad Jarrell Jarret Jarrod
Jase Jasen Jasiah Jasiri Jaslene Jaslyn Jasmin Jasmina Jasmine Jasmit Jasmyn Jasmyne Jason
Jasper Jatin Jaunita Javan Javen Javi Javier Javiera Javion Javon Javonte Jax Jaxen Jaxon Jaxson
Jaxton Jayce Jaycie Jaycob Jayda Jaydan Jayde Jayden Jaydin Jaydon Jaye Jayla Jaylah Jaylan
Jaylee Jayleen Jaylen Jaylene Jaylin Jaylon Jaylyn Jaylynn Jayme Jaymes Jayne Jayvion Jayvon
Jazlene Jazlyn Jazlynn Jazmin Jazmine Jazmyn Jazmyne Jean Jeana Jeane Jeanetta Jeanette
Jeanmarie Jeanna Jeanne Jeannine Jeb Jebet Jecinta Jedediah Jedidah Jedidiah Jeet Jeevika Jeff
Jeffery Jeffie Jeffrey Jelagat Jelani Jemal Jemima Jemimah Jemma Jemutai Jena Jenaro Jenel
Jenelle Jeniffer Jenilee Jenipher Jenna Jennette Jenni Jennifer Jenniffer Jenny Jens Jep
Jepchirchir Jepchumba Jepkemoi Jepkoech Jepkorir Jepkosgei Jeptha Jeptoo Jerad Jeraldine
Jeramiah Jeramie Jeramy Jere Jered Jerel Jereme Jeremey Jeremi Jeremiah Jeremie Jeremy Jeremías
Jerica Jerilyn Jerilynn Jerimiah Jerimy Jermain Jermaine Jermey Jerod Jerome Jeromy Jerono Jerop
Jerotich Jerrad Jerrel Jerrell Jerrica Jerrie Jerrilyn Jerry Jerusha Jeruto Jeryl Jerzy Jerónimo
Jesca Jesenia Jesica Jesse Jessee Jessenia Jessi Jessica Jessie Jessika Jessy Jessye Jesusa
Jethro Jett Jetta Jettie Jevon Jhalak Jiles Jill Jillian Jim Jimena Jimmy Jina Jinnie Joan Joana
Joanie Joann Joanna Joanne Joaquim Joaquina Joaquín Joash Jobe Jocelyn Jocelyne Jocelynn Jodi
Jodie Jody Joe Joel Joell Joella Joelle Joellen Joeseph Joesph Joetta Joette Johan Johana
Johanna Johannah Johathan John Johnathan Johney Johnna Johnny Johnpaul Johnson Johnstone Johny
Joi Jolanda Jolanta Joleen Jolene Jolette Jolie Joline Jon Jonah Jonas Jonatan Jonathan Jonathon
Jonell Jonna Jonnie Joojo Joram Jordan Jordana Jorden Jordi Jordin Jordon Jordy Jordyn Jordán
Joretta Jorge Joris Jorja Jory Jose Josefa Josefina Josefita Joselin Joseline Joseluis Joselyn
Josep Joseph Josephat Josephine Josette Josh Joshua Joshuah Josiah Josiephine Joslyn Josphat
Josphine Jossie Josué José Joséphine Jovan Jovani Jovanni Jovanny Jovany Jovita Joyce Joycelyn
Joye Joyline João Jua Juan Juana Juanita Juanito Jude Judi Judie Judith Judy Judyth Juelz Jule
Jules Juli Julia Julian Juliana Juliann Julianna Julie Julien Juliet Julieta Juliette Julio
Julious Julisa Julissa Julita Julius Juliusz Julián Juluis Juma Jumaane June Junia Junie Junious
Junius Juozas Jurgita Justas Justen Justin Justina Justinas Justine Justiniani Juston Justus
Justyn Justyna Juwan Juwon Jyoti Jérôme Jéssica Józef Júlia Jędrzej Kaamil Kaaren Kaashif Kaazim
Kabeer Kabir Kabiru Kacey Kachela Kaci Kacie Kacper Kacy Kade Kadeem Kaden Kadence Kadijah Kadin
Kadyn Kaeden Kael Kaela Kaelyn Kaelynn Kafeel Kahlil Kahu Kahurangi Kai Kaia Kaiden Kaila Kailee
Kailey Kailyn Kaiser Kaitlin Kaitlyn Kaitlynn Kaiya Kaja Kajetan Kajji Kajus Kala Kalbi Kaleb
Kaleem Kaleema Kaleena Kaleigh Kalel Kalen Kalene Kaley Kalie Kalina Kaliyah Kallie Kalpit
Kaluwa Kalvin Kalyn Kamal Kamala Kamari Kamau Kamden Kameron Kami Kamil Kamila Kamilah Kamora
Kamran Kamren Kamron Kamryn Kamya Kandace Kandi Kandice Kandy Kane Kanesha Kanini Kanisha Kanye
Kaombwe Kara Karaamat Karam Karama Karan Karani Karanja Kareem Kareen Karel Karen Kari Karie
Karim Karimi Karina Karis Karissa Kariuki Karl Karla Karlee Karlene Karley Karli Karlie Karly
Karol Karolina Karolis Karolyn Karon Karren Karri Karrie Karson Karsyn Karter Karyl Karyme Karyn
Kasam Kasandra Kasen Kash Kashan Kashangaki Kashif Kashish Kashvi Kasie Kasim Kaskazi Kason
Kassandra Kassidy Kassie Kassim Katana Katarina Kate Katelin Katelyn Katelynn Katerina Kathaleen
Katharina Katharine Katharyn Katherin Katherine Kathern Kathey Kathi Kathleen Kathlene Kathlyn
Kathryn Kathryne Kathy Kathyrn Kati Katia Katie Katlin Katlyn Katlynn Katrina Kattie Katy Kauri
Kauthar Kavon Kavya Kawkab Kawthar Kay Kaya Kaycee Kayden Kaydence Kaye Kayla Kaylah Kaylan
Kaylee Kayleen Kayleigh Kaylen Kaylene Kayley Kayli Kaylie Kaylin Kaylyn Kaylynn Kaysan Kayson
Kazi Kazim Kazimierz Kazuko Kazuo Keagan Kealan Keandre Keanna Keanu Keara Kecia Keegan Keelan
Keeley Keely Keena Keenen Keesha Keeva Kegan Keifer Keila Keion Keira Keith Keji Kelan Kelby
Kelcie Kelechi Keli Kelis Kellan Kellee Kellen Kelli Kellie Kelly Kelsea Kelsey Kelsi Kelsie
Kelton Kelvin Kem Kemboi Kemuma Kemunto Kenan Kendal Kendell Kendra Kenedy Keneth Kenia Kenisha
Kenji Kenley Kenna Kennard Kennedi Kennedy Kenneth Kenney Kennth Kenyangi Kenzie Keon Keri Kerri
Kerrie Kerry Kerubo Kerwin Kesha Keshaun Keshawn Keshia Kevan Kevin Kevon Keya Keyaan Keyla
Keyon Keyshawn Keziah Khaalid Khaan Khadija Khadijah Khalil Khalilah Khamani Khamisi Khanyisile
Khari Khiry Khloe Kia Kiaan Kiah Kian Kiana Kianna Kiapo Kiara Kiarie Kiarra Kibafupia Kibet
Kibibi Kiburi Kiefer Kiera Kieran Kierra Kiersten Kijana Kijani Kike Kikelomo Kiley Killian
Kilonzo Kim Kimani Kimanzi Kimathi Kimball Kimber Kimberely Kimberlee Kimberley Kimberli
Kimberlie Kimberly Kimbilio Kimeu Kimora Kimutai Kimya Kinaya Kindra Kingston Kinley Kinsley
Kinte Kinubi Kinuthia Kinyanjui Kinyua Kiojah Kioko Kipchirchir Kipchumba Kipenzi Kipepeo
Kipkemboi Kipkemoi Kipkirui Kipkoech Kipkorir Kipkosgei Kipkurui Kiplagat Kiplangat Kiplimo
Kipngeno Kipngetich Kipp Kipras Kiprono Kiprop Kiprotich Kipruto Kipsang Kiptoo Kipyegon Kira
Kirby Kiri Kirk Kirsten Kirstie Kirstin Kirsty Kirt Kirui Kisha Kisima Kittie Kiume Kiwara Kiya
Kiyoko Kiyoshi Kizzie Kizzy Klara Kloe Knute Koby Koda Kody Koech Koen Kofi Kojo Kolawole Kolby
Kole Kolten Kolton Kondo Konner Konnor Konrad Konradi Konstanty Kora Korbin Kordell Korede Korey
Kori Korir Kornel Kornelia Kornelija Kortney Kosgei Kosisochukwu Kotryna Kourtney Kovu Kraig
Krish Krisha Krishna Krissy Krista Kristal Kristan Kristen Kristi Kristian Kristie Kristin
Kristina Kristine Kristofer Kristoffer Kristopher Kristupas Kristy Kristyn Kritika Krysta
Krystal Krysten Krystian Krystin Krystina Krystle Krystyna Krzysztof Ksawery Kuchanua Kujoe
Kunta Kuria Kurt Kurtis Kurunzi Kusiima Kwabena Kwadwo Kwaku Kwamboka Kwame Kwamena Kwasi Kweku
Kweli Kwesi Kya Kyalo Kyan Kyara Kyla Kylah Kylan Kyle Kylee Kyleigh Kylene Kyler Kylie Kymani
Kyra Kyree Kyrie Kyson Kévim Kęstutis Laban Labeeb Labib Lacey Lachlan Laci Lacie Ladarius
Ladislau Ladli Laeeq Laetitia Lafe Lahiah Lahoma Laila Lailah Lailati Lainey Laini Laiq Laisha
Laith Lajita Lajlaj Laken Lakendra Lakesha Lakeshia Laksh Lakshit Lakshmi Lala Lalla Lalo
Lamarcus Lamberto Lameck Lamonte Lana Landan Landen Landin Lando Landyn Lanette Laney
Langalibalele Langat Lani Lanie Lanita Lannie Laoise Laqeet Laquan Laquita Lara Larae Laraine
Larisa Larissa Larkin Laron Larry Larue Lary Lascăr Lashanda Lashawn Lashonda Lashunda Lasonya
Latanya Latarsha Latasha Lateef Latesha Latif Latifah Latonia Latoria Latosha Latoya Latoyia
Latrell Latrice Latricia Latrina Launa Laura Laurance Laure Laureano Laureen Lauren Laurence
Laurene Laurent Laurenția Laurențiu Lauretta Laurette Laurian Laurie Laurine Laurita Lauryn
Laurynas Lavada Lavanya Lavar Lavelle Lavenia Lavera Laverna Lavina Lavinia Lavon Lavona Lavonda
Lavonia Lawerence Lawrance Lawrence Lawrencia Lawton Layla Laylah Layne Layth Layton Lazzaro
Lazăr Leah Leala Leamon Leana Leandra Leandro Leanne Leatha Leatrice Lee Leeann Leela Leena
Leeroy Leesa Leia Leigh Leighton Leila Leilani Leire Leisa Leisha Leitha Leke Lekha Lelah Lelar
Lelia Lella Lem Lemmie Lempi Lenah Lenna Lennie Lenon Lenord Lenwood Leo Leocadia Leocadio Leoma
Leon Leona Leonard Leonardo Leonce Leoncio Leone Leonel Leonia Leonie Leonor Leonora Leonore
Leontin Leontina Leontine Leopoldina Leopoldo Leora Leordean Leota Lera Lere Leroy Lesia Leslee
Lesley Lesli Leslie Lesly Lesta Lethia Leticia Leticija Letizia Letiția Letta Lettie Letty
Letícia Leva Levar Levern Levi Levie Levin Levina Levis Levon Lewis Lex Lexi Lexie Lexis Leyla
Leyre León Lia Liam Liana Liane Liban Libbie Libby Liberto Libni Licia Lică Lida Liddie Lidia
Lidie Liepa Lige Ligia Ligita Lila Lilah Lilburn Lili Lilia Lilian Liliana Lilianna Lilie Lilla
Lillard Liller Lillia Lillian Lilliana Lillianna Lillis Lilly Lilyan Lilyana Lilyanna Lim
Limazah Lina Linah Linas Linda Lindah Lindell Lindsay Lindsey Linet Linette Linn Linna Linnea
Linnie Lino Linsey Linus Linzy Lioara Lipika Lisa Lisandro Lisbeth Lise Lisette Lish Lisha Lissa
Lissette Lissie Lita Litha Littie Littleton Litzy Livia Livingstone Livio Liviu Liwia Liyaaqat
Liyaqat Lizabeth Lizbeth Lizeth Lizette Lloyd Lockie Loda Lodovico Logan Lohit Loice Loida Lois
Loise Lola Lolita Lolla Lollie Loma Lona Londisizwe Londiwe Londyn Loney Loni Lonie Lonna Lonnie
Lonny Lonzo Lopa Loran Lorayne Lorcan Lorean Loredana Loree Loreen Lorelai Lorelei Lorena
Lorenza Lorenzo Loreto Loretta Loretto Lori Loria Loriann Lorin Lorinda Lorine Loring Loris
Lorna Lorne Lorraine Lorrayne Lorri Lossie Lota Lotta Louann Louanna Louetta Louis Louise Loula
Lourdes Lourenço Louvenia Lovell Lovett Lovey Lovie Lovina Lovisa Loy Loyce Luana Luanne Luay
Luberta Luc Luca Lucas Luce Lucențiu Lucero Lucetta Luchino Lucho Lucia Lucian Luciana Luciano
Lucie Lucila Lucina Lucinda Lucindy Lucio Lucious Lucrezia Lucreția Lucrețiu Lucy Lucía Luda
Ludie Ludmila Ludovic Ludovica Ludovico Lue Luetta Lugenia Luigi Luigina Luis Luisa Luisina
Luiza Luka Lukas Luke Lulah Lular Lulie Lulla Lum Luminița Luna Lungile Lupe Lupita Luqmaan
Luqman Lura Lurana Lurena Lurline Luster Lut Lutf Lutfi Lutie Luvenia Luverne Luvinia Luyanda
Luz Luís Luísa Lwandile Lyda Lydell Lydia Lydiah Lyla Lylah Lyn Lynda Lyndia Lyndon Lyndsay
Lyndsey Lynette Lynley Lynn Lynne Lynnette Lynsey Lynwood Lázaro Léon Lúcia Lăcrămioara Maahir
Maajid Maalik Maanas Maanav Maawiya Maaz Maazin Mabad Mabell Mabelle Macarena Macaria Macario
Macarthur Macauley Macel Maceo Macey Macharia Machelle Maci Macie Maciej Mackenzie Madaha
Madalena Madaline Madalyn Madalynn Madani Maddison Maddux Madeleine Madelene Madeline Madelynn
Madhav Madhavi Madie Madilyn Madilynn Madini Madisen Madison Madisyn Madiyan Madlyn Madoa Madora
Madyan Madyson Maebell Maebelle Maegan Maeve Mafalda Magan Magdalen Magdalena Magdalene
Magdaline Magen Maggie Mahad Mahala Mahali Mahalia Mahalie Mahaz Mahbeer Mahboob Mahbub Mahdee
Mahdi Mahdy Maheen Maher Mahfooz Mahfuj Mahfuz Mahi Mahika Mahja Mahlon Mahmood Mahmoud Mahmud
Maia Maida Maimuna Maina Maingi Maira Mairead Mairtin Maisha Maite Maiya Majani Majd Majdi Majdy
Majeed Makai Makaila Makala Makau Makayla Makeen Makena Makenna Makenzie Makhi Makini Makokha
Makori Maks Maksymilian Makunga Makuu Mal Malachy Malakai Malaki Malaya Malcolm Malcom Maleah
Malena Malia Maliah Malik Malissa Malissie Maliyah Maliza Mallie Mallorie Mallory Malorie Malvin
Malvina Malwina Mame Mamen Mammie Mamun Manaaki Manaia Manan Manawa Manbir Manda Mandi Mandie
Mandla Mandlakhe Mandy Manerva Manervia Manford Manie Mannie Manola Manole Manolo Manon Mantas
Manthan Manu Manuel Manuela Manuelita Manus Manya Mara Maraea Maralyn Maranda Marc Marcantonio
Marcel Marcela Marcelina Marceline Marcelino Marcell Marcella Marcelle Marcello Marcellus
Marcelo Marchello Marcheta Marcia Marcial Marciano Marcin Marcio Marco Marcos Marcu Marcus
Mardell Maree Mareikura Marek Mareli Marely Maren Marga Margaret Margareta Margarete Margaretha
Margarett Margaretta Margarette Margarida Margarite Margaud Margaux Margene Margeret Marget
Margherita Margot Margret Margrett Margretta Marguerite Margueritte Margurite Margy Maria Mariah
Mariam Marian Mariana Marianela Marianita Mariann Marianna Marianne Mariano Maribel Maribeth
Maricela Maricica Maricruz Marie Mariel Mariela Marija Marika Marilee Marilena Marilla Marilou
Marilyn Marilynn Marin Marinda Marinela Marini Marino Mario Marioara Marion Marisa Marisela
Marisol Marissa Maristela Marita Marius Mariusz Mariyah Marjani Markas Markel Markell Markita
Markus Marlana Marland Marlee Marleen Marleigh Marlen Marlena Marlie Marlo Marlyn Marlys Marni
Marnie Marnita Marolyn Maroof Marques Marrion Marta Martell Martez Martha Marthe Marti Martika
Martim Martin Martina Martine Martino Martirio Martyn Martynas Martín Marvin Mary Maryam Maryann
Maryanne Marybelle Marybeth Maryjane Maryjo Marylee Marylin Marylouise Marylyn Maryse María
Masako Masao Masika Masinde Massimiliano Massimo Matas Matei Mateo Mateus Mateusz Math Mathew
Mathias Mathilda Mathilde Matias Matie Matilda Matilde Matiu Matteo Matthew Matthieu Mattia
Mattye Matunda Matías Maua Maudie Maura Maureen Maurice Mauricio Maurilio Maurine Maurizio Mauro
Maury Maurycy Mavuno Maxi Maxie Maximiano Maximilian Maximiliano Maximillian Maximino Maximo
Maximus Maxwel Maxwell Maxx Maya Maybell Maybelle Maye Mayme Maymie Mayte Mazie Mbithi Mboya
Mbugua Mburu Mcarthur Mcebisi Mckayla Mckenna Mckenzie Mckinley Meabh Meagan Meaghan Mearl
Mechelle Meda Medora Meera Meg Megan Meggan Megha Meghan Meghana Meghann Meibh Mekhala Mekhi
Melania Melanie Melany Melchor Melina Melinda Melisa Melissa Melissia Mell Mellie Mellisa
Mellissa Melodee Melodie Melonie Melony Melvin Melvina Melvine Melvyn Mena Menachem Mendy Merche
Mercyline Mereana Meredith Merilyn Merl Merlene Merlyn Merna Merri Merrie Merrilee Mertie Mervyn
Merwin Meryl Meshack Metha Metrine Metta Mettie Mia Miah Micael Micaela Micah Micayla Michael
Michaela Michaele Michal Michale Michał Micheal Micheala Michel Michela Michelangelo Michele
Micheletto Michelina Michell Michelle Michelotto Michial Michèle Miesha Mieszko Migdalia Mignon
Miguel Miguela Miguelangel Mihaela Mihai Mihail Mihnea Mikaela Mikaere Mikaila Mikal Mikala
Mikalah Mikayla Mike Mikeal Mikel Mikołaj Mila Milagros Milana Milas Milburn Milcah Milda
Mildred Milena Miley Milissa Milka Milkah Millicent Millie Milly Milo Milton Mima Mina Minda
Mindaugas Mindi Mindy Minenhle Minervia Minna Minodora Minoru Minta Mintie Mioara Mirabela
Miranda Mircea Mirco Mireia Mirela Mireya Miriah Miriam Miriama Mirko Mirna Miron Mirona Mirriam
Mirta Mirtie Miruna Misael Missie Misti Mistie Misuli Mitali Mitchel Mitchell Mitchelle Mitesh
Mitică Mitruț Mittie Miya Mizhir Miłosz Mkarkara Mlungisi Mnqobi Modena Modesta Modesto Modupe
Moesha Mofifoluwa Mohamed Mohamedi Mohammad Mohammed Mohamud Mohini Moisés Mojisola Mojisoluwa
Mollie Molly Momanyi Mona Monalisa Monica Monicah Monika Monique Monna Monnie Monserrat Montel
Montie Montrell Montserrat Mora Moraa Moradeke Morayo Mordechai Moreen Morena Morenike Moreno
Morgan Moriah Morine Morolake Morris Mose Moses Moshe Mosinmileoluwa Mossie Mosunmola Motunrayo
Moureen Mourib Mourine Moyosore Mozell Mozella Mozelle Mrihani Mthokozisi Muchiri Muema Mueni
Mugambi Mugdha Mugendi Mugo Mugur Mugurel Muhallil Muhazzim Muhima Muia Muiruri Mukhwana Mulele
Muli Mulwa Mumbi Mumo Munene Mungai Munyao Munyoki Murdock Muriithi Murimi Murithi Muriuki Murl
Murray Murry Musa Musau Musee Musembi Musila Mustafa Musyoka Musyoki Mutai Muthama Muthengi
Muthoka Muthoni Muthui Mutie Mutinda Mutiso Mutisya Mutua Mutuku Mutunga Muturi Muzdahir Muzhir
Mwamini Mwanajuma Mwanamisi Mwangangi Mwangi Mwaniki Mwanzia Mwasaa Mwaura Mwende Mwendwa Mwezi
Mwikali Mwiti Mya Myah Mychal Myer Mykel Myla Mylee Myles Mylie Myranda Myrl Myrle Myrta Myrtice
Myrtie Myrtis Mzamo Márcio Mário Máxima Máximo Mélanie Mónica Mădălin Mădălina Mălina Mărioara
Măriuca Naadir Naail Naajy Naasih Naasir Naathim Naazhim Nabeeh Nabeel Nabhan Nabigh Nabih Nabil
Nachiket Nacio Nada Nadeem Nadhir Nadia Nadim Nadine Nadr Nae Naeem Nafasat Nafees Nafesa Nafis
Nafula Naglis Nahashon Naiara Naib Naim Naima Nair Najair Najam Najee Najeeb Najuma Naki Nakia
Nakisha Nakita Naksh Nakul Naliaka Nallely Namon Nana Nanci Nancie Nancy Nandini Nando Nanie
Nanjala Nanna Nannette Nanni Naoimh Naoise Naom Naoma Naomh Naomi Naomy Napoleone Narcis Narcisa
Narciso Nashipie Nasir Nasiru Nasra Natalee Natalia Natalie Natalio Nataly Natalya Natan
Natanael Nataniel Natasha Natasza Natașa Nate Nath Nathalia Nathalie Nathaly Nathan Nathanael
Nathanial Nathaniel Nathari Nathen Natividad Natosha Nautica Naveen Nayara Nayeli Nayely Nayfa
Nazaret Nazario Ndegwa Nderitu Ndirangu Nduku Ndumiso Ndung'u Ndunge Ndungu Nduta Nealie Nealy
Nechifor Nedas Nedda Nedra Needham Neel Neelima Neely Neema Neha Nehemiah Neil Nekesa Nela Nelah
Nelia Nelie Nelima Nella Nelle Nello Nelly Nels Nelson Nelu Nena Neola Neoma Neppie Nerea
Nereida Nerijus Neringa Nery Neta Netra Netta Nevaeh Neveah Neville Nevin Newell Ng'ang'a Ngaire
Ngamia Nganga Ngari Ngeni Ngigi Ngozi Ngugi Nhlanhla Nia Niall Niamh Niara Nicanor Niccolò
Nichelle Nichifor Nichol Nichola Nicholas Nicholaus Nichole Nicholus Nicki Nickson Nicky Nico
Nicoară Nicodemo Nicodemus Nicodim Nicola Nicolae Nicolaie Nicolas Nicolasa Nicole Nicoleta
Nicoletta Nicolette Nicolle Nicolás Nicolò Nicu Niculina Niculiță Nicușor Nicuță Nidhi Nidia
Nidra Nieves Nigel Nigesa Nihal Niharika Nikau Nikhil Niki Nikia Nikita Nikki Nikko Niko Nikodem
Nikolas Nikole Nikora Nila Nilda Niles Nilima Nilo Nim Nimakoah Nimrat Nina Ninetta Ninioluwa
Ninnie Nino Nira Nirja Nisha Nitara Nitesh Nixon Niyilolawa Njabulo Njagi Njenga Njeri Njeru
Njiru Njogu Njoki Njoroge Njozi Njue Njuguna Nkazimulo Nkiruka Nnamdi Nneka Noa Noah Nobantu
Nobie Nobuhle Noel Noelia Noemi Noemie Noemí Nohely Nojus Nokulunga Nolen Nolia Nolie Noma
Nomagugu Nomalanga Nomasonto Nomathalente Nomathemba Nomcebo Nomthandazo Nomusa Nomvula
Nonhlanhla Nonie Nonjabulo Nonso Noor Nora Norah Norbert Norberto Norene Noreta Noretta Norica
Norine Norita Norma Norman Norval Norwood Nothando Noxolo Nozibusiso Nozizwe Noé Noémi Noël
Nqobizitha Ntimi Nuala Nuhu Nula Nuno Nunzio Nuria Nuriat Nuru Nwabudike Nya Nyaboke Nyaga Nyah
Nyakundi Nyamai Nyambura Nyanchama Nyasi Nyasia Nyawira Nydia Nyla Nylah Nyoka Nyongesa Nyoni
Nyota Nyree Nyuki Nzioka Nzomo Nádia Nélida Néstor Núria Oana Oba Obaid Obdulia Obe Obed
Obianuju Obie Obinna Ochieng Ocie Octa Octav Octavia Octavian Octaviana Octavie Octavio Octaviu
Octavius Océane Oda Odalis Odalys Oddie Odelia Odette Odhiambo Odhran Odie Odika Odile Odongo
Oduor Odus Oeshi Ofelia Offie Ogechi Ogooluwa Oisin Ojas Ojasvi Oke Okechukwu Okello Okey Okoth
Okumu Oladare Oladimeji Olaf Olajumoke Olakunle Olalla Olan Oland Olanrewaju Olansile Olar
Olasunmbo Ole Olegario Olena Olene Oleta Olevia Oley Olga Olgierd Olie Olimpia Olimpian Olimpiu
Olinda Oline Oliva Oliver Olivia Olivie Olivier Olivija Olivine Oliviu Oliwier Olof Ololade Oloo
Oluchi Olufunke Olufunmilayo Olumorotimi Oluoch Oluwafemi Oluwagbemiga Oluwakemi Oluwamumibori
Oluwamuyiwa Oluwasanmi Oluwasegun Oluwole Olwethu Oma Omair Omaja Omar Omari Omarion Omeir Omer
Omie Omisha Omkaar Omobobola Omobolanle Omodunni Omolabake Omolara Omondi Omosalewa Omotara
Omotayo Omotola Omotoun Omowumi Omran Omya Ona Ondieki Onesmus Oneta Oney Oni Onie Onkar Onnie
Onofre Onveer Onyango Onyinye Oonagh Opha Opiyo Opwonya Orah Oralia Oran Orazio Orelia Oren
Orene Oreofe Orestas Oreste Orfhlaith Oriana Orie Orilla Orinder Oris Orla Orlagh Orlaigh
Orlaith Orland Orlando Orlena Orley Orlin Orlo Orma Ornella Orpha Orra Orren Orrie Orrin Orris
Orson Ortansa Orvel Orvil Orvin Orvis Osa Osama Osbaldo Oscar Osha Osie Oskar Osman Osogo Ossama
Ossie Osunleke Osvaldo Oswaldo Ota Otelia Otha Othel Otho Otieno Otilia Ott Ottavio Ottie
Ottilia Ottilie Ottis Ottone Ouida Ouma Ovidio Ovidiu Ovila Oviya Owais Owen Owethu Owino Owuor
Oyenike Oyindasola Ozana Ozell Ozella Ozie Ozioma Pablo Paca Paco Pacífica Padraic Padraig
Padraigin Pahal Paige Pairlee Paityn Pallavi Pallie Palma Palmira Paloma Pam Pamala Pambe Pamela
Pamelia Pamella Pamfil Panagachie Panait Pancho Panfilo Panini Panya Paola Paoletta Paolo
Paralee Paraschiva Paride Parker Parlee Parsa Parth Parthenia Parvez Pascal Pascual Pascuala
Paskalia Pasqual Pasquale Pastora Patric Patrice Patricia Patricio Patrick Patrizia Patrizio
Patryk Patrícia Pattie Paul Paula Pauletta Paulette Paulica Paulina Pauline Paulino Paulius
Paulo Pauric Pavani Pavel Paweł Paxton Payten Payton Paz Peadar Pearce Pearla Pearle Pearlene
Pearley Pearline Pearse Pedro Peggie Peggy Pelaji Pelayo Pellegrino Penelope Penina Peninah
Penni Pennie Pepe Pepita Pepito Peris Perla Perley Perlita Permelia Pernell Perri Perry Pervaiz
Peter Peterson Petra Petras Petre Petrică Petrișor Petrona Petronela Petru Petruț Petruța Peyton
Phanice Phebe Phelix Pheobe Philemon Philip Philippa Philippe Philippine Philis Phillip Phillis
Philo Philomena Philomene Phineas Phoebe Phylicia Phylis Phyliss Phyllis Piaras Piedad
Pierangelo Piergiorgio Piergiuseppe Pierina Pierluigi Piermaria Piero Pierpaolo Pierre Piersanti
Pietro Pijus Pilar Pili Pina Pinkey Pinkney Piotr Pippa Pius Ples Pleșu Plinio Pluma Plummer
Plácido Pollie Polly Pompeo Pompilia Pompiliu Pomponio Poncio Pooja Popobawa Porfirio Porsha
Posey Povilas Pranav Praneel Pranit Pratyush Prentiss Preston Pricilla Primitiva Primitivo
Primus Prisca Priscah Priscila Priscilla Priscillah Prisha Priya Profira Prudencia Prudencio
Prudie Przemysław Puccio Pumbaa Purificación Pushti Pánfilo Pénélope Pía Pío Pătru Qaadir Qaasim
Qabeel Qabil Qadar Qadeer Qadi Qadim Qahtan Qaim Qais Qamar Qani Qanit Qareeb Qarin Qaseem Qasid
Qasif Qasim Qatadah Qawee Qay- Qays Qiana Quadir Qudamah Quddoos Qudoos Queenie Quentin Quiana
Quincy Quinn Quint Quinten Quinter Quintin Quique Quirino Qurban Qusay Qushi Qutaybah Qutb Qutub
Raaghib Raagini Raahil Raakin Raamis Raamiz Raashid Raatib Rabah Rabar Rabb Rabbaanee Rabbani
Rabecca Rabee Rabi Rabiah Rabit Rachael Rachana Racheal Rachel Rachelle Rachit Rachita Racquel
Rada Radeke Radha Radhee Radhika Radi Radosław Radu Raed Raees Raegan Raekwon Rael Raelyn
Raelynn Raewyn Rafa Rafael Rafaela Rafan Rafay Rafał Rafe Rafee Rafeek Rafeeq Raffaele Raffaella
Raffaellino Raffaello Rafi Rafila Rafiq Raghav Ragheb Raghib Ragna Rahab Rahat Raheel Raheem
Rahma Rahn Rahsaan Rahul Raiden Raimondo Raimundo Raina Rajab Rajata Rajeshri Rakeem Raksha
Ralph Raluca Rama Ramadhan Raminta Ramiro Ramona Ramón Ranbir Rance Randall Randel Randle
Randolf Ranieri Ranveer Raphael Raquan Raquel Rareș Ras Rasa Rashaad Rashaan Rashad Rashawn
Rasheed Rashid Rashida Rashidi Raul Rawiri Rayaan Rayan Rayfield Rayford Raymon Raymond Rayna
Raynard Rayne Rayshawn Raúl Reagan Reanna Reatha Rebeca Rebecca Rebekah Reda Reece Regan Regena
Regenia Regina Reginal Reginald Regis Rehaan Rehema Reina Reinaldo Reino Rella Relu Rembrandt
Remedios Remigio Remus Remy Renada Renae Renaldo Renard Renata Renato Renea Renee Renita Rennie
Renzo René Renée Reshoni Ressie Reta Retha Retta Rettie Reuben Reubin Reva Rex Rexford Rey
Reyansh Reyes Reyna Reynaldo Reynold Rheta Rhett Rhian Rhianna Rhianne Rhiannon Rhoda Rhona
Rhonda Rhys Ria Rian Rianna Rica Ricarda Ricardo Riccardo Ricci Ricciotti Richard Richelle
Rickey Ricki Ricky Rico Ridhi Rihanna Rikki Riley Rilla Rillie Rinda Risa Risasi Rishi Risper
Rita Ritchie Riya Riziki Robb Robbie Robert Roberta Robertas Robertina Roberto Robinson Robley
Roby Robyn Rocco Rochelle Rocio Rocío Rodah Roddy Roderic Rodgers Rodica Rodney Rodolfo Rodrigo
Roel Roena Rogelio Roger Rohaan Rohan Roise Roisin Rojus Rokas Roksana Roland Rolanda Rolandas
Rolando Roldán Rolf Rolla Rollie Rollin Rollo Roma Romana Romanița Romello Romeo Romie Romina
Romolo Romona Romualdas Romulus Román Rona Ronal Ronald Ronaldo Ronan Rondal Roni Ronin Ronith
Ronke Ronna Ronnie Ronny Rono Roque Rory Rosa Rosabelle Rosalee Rosalia Rosalina Rosalinda
Rosaline Rosalva Rosalía Rosamond Rosann Rosaria Rosario Rosaura Rosco Roseanna Roseanne
Roseline Roselyn Roselyne Rosemary Rosena Rosenda Rosendo Rosevelt Rosey Rosia Rosie Rosina
Rosita Ross Rossana Rossie Rotich Rowan Roxana Roxane Roxann Roxanna Roxelana Roy Roza Rozalia
Rozanne Rozella Rua Ruairi Ruari Rubani Ruben Rubi Rubie Rubye Rubén Rudolfo Rudra Rueben Ruel
Ruffin Ruffus Rufina Rufino Ruggero Ruggiero Ruhiu Rui Ruie Rukia Rungo Ruperta Ruperto Ruqayya
Rushil Russell Rustin Rusul Ruth Rutha Ruthann Ruthanne Ruthe Ruwaihim Ruxanda Ruxandra Ruy Ryan
Ryann Ryder Ryker Rylan Ryland Rylee Ryleigh Ryley Rylie Ryne Ryszard Rytis Régulo Rémy Rómulo
Róża Rúben Răducu Răzvan S'fiso Saabir Saad Saadat Saadiq Saafir Saahir Saaiq Saajid Saal Saalih
Saalim Saanvi Saaqib Saariyah Sabah Sabahat Sabari Sabas Sabastian Sabatino Sabbir Sabeeh Sabil
Sabin Sabina Sabine Sabiq Sabir Saboor Sabra Sabrina Sabur Saburah Sacha Sachi Sada Sadaka Sadan
Sadao Sadaqat Sadeed Sadie Sadiki Sadye Safiri Safiya Safta Sai Saida Saidi Saige Saim Sair
Sairah Saksham Salena Salim Salina Sally Salma Salome Salomea Salomey Salomon Salomé Salomón
Salud Salvador Salvatore Salvi Sam Samaksh Samama Samanta Samantha Samar Samarth Samatha Samesh
Samie Samir Samira Samiyah Sammy Samson Samu Samual Samuel Samwel Samweli Sanaa Sanai Sanaya
Sancho Sanda Sandalio Sandi Sandie Sandile Sandra Sandro Sandu Sani Saniya Saniyah Sanjuana
Sanjuanita Sannie Sante Santiago Santina Santino Santo Santos Sanya Saoirse Saood Sara Sarabi
Sarafina Sarah Sarahi Sarai Sariah Sarina Sarita Sarrah Sarthak Sasha Saskia Sathvik Saturnina
Saturnino Saul Saulius Saumu Saumya Sauti Sava Savana Savanah Saverio Saveta Savilla Savina
Savion Savon Scarlett Schley Scot Scott Seaborn Seamus Sean Seana Seanan Seaneen Seanna
Sebastian Sebastiano Sebastián Sebastião Sebrina Sedrick Segilola Segismundo Seif Selah Seldon
Selena Selene Selina Selmer Semaj Semenica Sena Senora Seona Serafina Serah Serena Sergio Sergiu
Sergius Serina Seth Seve Severiano Severin Severina Severino Severo Severt Seye Shaban Shadrack
Shae Shafter Shaina Shakira Shalon Shalonda Shamar Shameka Shamika Shamsuddeen Shan Shanae
Shanda Shandra Shane Shaneka Shanell Shanelle Shanequa Shani Shania Shanice Shaniece Shanika
Shaniqua Shanita Shaniya Shanna Shannan Shannen Shannon Shanon Shanta Shante Shantel Shantell
Shaquan Shaquana Shaquille Shaquita Shara Shardae Sharday Sharde Sharee Sharen Shari Sharita
Sharla Sharleen Sharlene Sharman Sharon Sharonda Sharyl Sharyn Shatara Shaun Shauna Shauneen
Shaunna Shaurya Shavon Shavonne Shawana Shawanda Shawn Shawna Shawnda Shawnna Shawnte Shay
Shayla Shaylee Shayna Shayne Shea Shedrick Sheena Shehu Sheila Sheilah Sheilla Sheillah Shekoni
Shelba Shelbi Shelbie Shelby Shelia Shelley Shelli Shellie Shelly Shelva Shelvia Shelvie Shem
Shemar Shena Shenna Shep Sheree Sheri Sherie Sherilyn Sherita Sherlyn Sheron Sherree Sherri
Sherrill Sherron Sherryl Sherwin Sheryl Sheryll Sheyla Shianne Shida Shiela Shira Shirl Shirlee
Shirleen Shirlene Shirley Shirleyann Shirlie Shivani Shivansh Shoji Shon Shona Shonda Shonna
Shravya Shreya Shyann Shyanne Shyheim Shyla Sian Sibbie Sibonelo Sibongile Sibusisiwe Sibusiso
Siddharth Siddie Sidonia Sie Siena Sienna Sifa Sifuna Sigfrido Sigita Signa Signe Sigrid
Sihawukele Sijuade Siku Sila Silas Silondile Silvana Silvester Silvestre Silvestro Silvia
Silvian Silviana Silvio Silviu Simas Simeon Simi Similoluwa Simina Simion Simisola Simiyu Simmie
Simon Simona Simonas Simone Simonetta Simphiwe Simão Simón Sina Sinda Sinead Sinică Siobhan
Siofra Sione Siphesihle Sithembiso Siya Siyabonga Skolastika Skye Skyla Skylar Skyler Slade
Smaranda Sneha Socorro Sofia Sofía Soledad Soloman Solomon Somadina Somer Sommer Somtochukwu
Sonia Sonji Sonya Sophia Sophie Sophronia Sophy Soraia Sorana Soraya Sorcha Soren Sorin Sorina
Sosimo Souma Sowande Spencer Speranța Sphiwe Spurgeon Stacey Stacia Stacie Stacy Stan Stana
Stanca Stancu Stanislaus Stanisław Stanley Starla Stasia Stefan Stefani Stefania Stefanie
Stefano Stela Stelian Steliana Stella Stellah Steluța Stephaine Stephani Stephania Stephanie
Stephany Stephen Stephene Stephenie Stephon Stevan Steve Steven Stewart Stuart Stéphane
Stéphanie Subomi Sudie Sudiksha Suellen Suhani Sula Suleiman Sumayya Sungara Susan Susana
Susanita Susann Susanna Susannah Susanne Sussie Suzan Suzana Suzann Suzanna Suzanne Suzie
Svetlana Swala Swaleh Sybilla Syble Sydell Sydnee Sydni Sydnie Syed Sylas Sylivia Sylva Sylvania
Sylvanus Sylvester Sylvia Sylvie Sylwia Symone Syreeta Szymon Sânziana Sébastien Sérgio Ta-
tanisha Taahaa Taahir Taaj Taalib Taamir Taanish Taariq Taban Tabassum Tabetha Tabish Tabitha
Tadas Tade Tadeen Tadeo Tadeusz Tafazal Taha Tahaw-wur Tahawwur Taheem Tahir Tahj Tahmaseb
Tahmeed Tahmid Tahoor Tahseen Tai Taial Taimur Taina Taine Taisir Taj Taja Tajammal Tajammul
Tajudinn Tajus Takatifu Takisha Tal Talal Talan Talat Talen Talha Talhah Tali Talia Talib
Taliyah Tallie Talmadge Talmage Tama Tamala Tamam Tamanna Tamara Tamatha Tamati Tambika Tambra
Tamekia Tamela Tami Tamia Tamica Tamie Tamiko Tamisha Tammie Tammy Tamu Tamya Tana Tanay Tandy
Tane Tanesha Tangaroa Tangela Tania Tanika Tanimu Tanish Taniya Taniyah Tanja Tanmayi Tanveer
Tanvi Tanya Tara Tarah Taraji Tarak Tarfaan Tari Tarik Tariq Tarsha Taryn Tasha Tashina Tasia
Tatia Tatiana Tatianna Tatsuo Tatyana Tatyanna Taurean Tautvydas Tavares Tavaris Tavian Tavion
Tavon Tawana Tawanda Tawanna Tawkeel Tawnya Taya Tayla Tayler Taylor Tayshaun Teagan Tecla
Teddie Teddy Teea Teela Teena Teerth Tegan Tejas Telemaco Tella Telly Telmo Temidayo Temistocle
Tempie Tena Tenika Tenisha Tennie Tennille Teo Teobaldo Teodor Teodora Teodoro Teodosia Teodosio
Teofil Teohari Teona Tera Terance Tere Terell Terence Teresa Terese Teresia Teresiah Teresita
Teressa Terina Terrance Terrence Terri Terrill Terry Tess Tessa Tevin Texanna Texie Teófila
Teófilo Thabani Thabisa Thabisile Thabiti Thalente Thandazile Thandeka Thandiwe Thando Thea
Theadore Theda Thedore Thekla Thembeka Thembekile Thembile Thembisile Theo Theodis Theodocia
Theodor Theodore Theodosia Theola Theophile Theresa Therese Theresia Therman Thibault Thibaut
Thierry Thomas Thomasina Thora Thorwald Thresa Thuo Thurlow Thursa Thurston Thuthukile Thyra
Théodore Théophile Thérèse Tia Tiago Tiana Tianna Tiare Tiarna Tiarnan Tiarra Tiberia Tiberiu
Tiburcio Tiegan Tiera Tiernan Tierra Tiesha Tiffani Tiffanie Tiffany Tilda Tilden Tilla Tillie
Tilman Tim Timea Timmie Timmothy Timotei Timoteo Timothy Timothée Tina Tinca Tincuța Tiney Tinie
Tinnie Tirdad Tisa Tishie Tishk Titas Titilayo Tito Titus Tiziana Tiziano Tobe Tobi Tobias
Tobiasz Tobie Tobin Toby Toccara Todd Todor Toivo Toki Tokunbo Tola Tolbert Tollie Tolulope
Toluwanimi Tom Toma Tomas Tomasa Tomasz Tomeka Tomie Tomika Tommy Tomori Tomás Tomé Tonda Toney
Toni Tonia Tonicha Tonino Tonja Tonny Tony Tonya Torey Tori Toriano Toribio Torie Torquato
Torrence Torrey Torrie Torry Tory Tosha Toshiko Toshio Towanda Toya Toño Tracee Tracey Traci
Tracie Tracy Trae Traian Travis Travon Trayvon Tre Treena Tremaine Tremayne Trena Trent Trenten
Tresa Tressa Tressie Treva Trever Trevin Trevion Trevon Trevor Treyton Treyvon Tricia Trilby
Trini Trinidad Tripp Tripti Trish Trista Tristan Tristen Tristian Tristin Triston Tristán
Triveni Triya Trudi Trudie Trula Trumaine Trystan Tsuma Tuan Tudor Tudora Tudorița Tudosia Tuere
Tufani Tui Tukufu Tula Tullio Turvi Twyla Tye Tyesha Tyla Tyler Tylor Tymon Tymoteusz Tyquan
Tyra Tyreek Tyreese Tyrek Tyreke Tyrel Tyrell Tyrese Tyrik Tyrin Tyriq Tyrique Tyron Tyrone
Tyrus Tyshawn Tyson Ubaadah Ubadah Ubaid Ubaidah Ubaldo Ubay Ubayd Ubaydullah Uberto Ubika
Ucchal Uche Uchenna Udant Udarsh Udeera Udyati Ugo Ugolino Uhban Ujamaa Ujunwa Ula Ulfat Ulises
Umaarah Umair Umande Umang Umar Umberto Umoja Una Unnati Unni Upadhriti Upasna Upkaar Upma Ura
Urbano Urijah Urishilla Urmi Urrab Ursula Urszula Urvashi Urvi Ushindi Usiku Usman Utkarsh Uzima
Vada Vahar Vaida Vaidas Vaishnavi Vakris Valary Valentim Valentin Valentina Valentín Valeria
Valerie Valerio Valeriu Valero Valery Valinda Vallary Vallie Valorie Valter Valérie Vamakshi
Vander Vanesa Vanessa Vannie Vansha Vanya Vara Varenya Varsha Varvara Vasana Vasatika Vasco
Vashon Vashti Vasile Vasilica Vasilică Vassie Vasudha Vaughan Veda Vedant Vedhika Vedika Velda
Velia Vella Velma Velva Vena Venancio Venceslás Venera Venessa Veniamin Venie Venita Vennie
Veola Vera Verda Verdell Verdie Vere Verena Vergie Verl Verla Verle Verlene Verlie Verlin Verlon
Verlyn Vernell Vernelle Verner Vernetta Vernia Vernice Vernie Vernita Vernon Veronica Veronicah
Versa Versie Vertie Verónica Vessie Vester Veta Veva Vicenta Vicente Vicenția Vicențiu Vicie
Vick Vickey Vicki Vickie Vicky Victoire Victoria Victoriano Victorine Victorino Victória Vicy
Vida Vidal Vidhi Vigilija Vihaan Vikki Viktorija Vilius Vilma Vina Vinaya Vincent Vincentio
Vincenza Vincenzo Vincențiu Viney Vinicio Vinie Vinnie Vinton Violeta Violetta Violette Viorel
Viorela Viorica Vira Viraj Virdie Virge Virgel Virgia Virgilio Virginia Virginie Virgle
Viridiana Visarion Visitación Vita Vitalija Vitalis Vito Vittoria Vittorio Vitória Vivaan Vivian
Viviana Vivien Vivienne Vlad Vladimir Vlaicu Vlasta Vlădelina Voichița Voicu Vollie Volney Von
Vonetta Vonnie Vrinda Vrishti Vritti Vusumuzi Vyanjana Vytautas Véronique Víctor Vítor Waahid
Waail Waajid Waceera Wachira Wadee Wadood Wafa Wafeeq Wafi Wafiq Wafula Wahab Wahb Wahban Waheed
Wahhaab Wahhaaj Waida Waimarie Wainaina Waino Wairimu Wakeeta Wally Walter Wamalwa Wambua
Wambugu Wambui Wamwema Wanda Waneta Wangari Wangila Wangui Wanita Wanja Wanjala Wanjiku Wanjiru
Wanjohi Wanyama Wanyonyi Warda Wardell Warhi Waridi Warinder Warjas Warwick Waseme Washington
Watika Wava Waverly Waweru Wayde Wayland Waylon Wayman Waymon Wayne Wazir Weddy Wekesa Weldon
Welton Wende Wendel Wendy Wenzel Werner Wesley Wesonga Wess Westin Westley Whitney Widisha
Wikitoria Wiktor Wilber Wilfred Wilfredo Wilfrid Wilhelmine Wiliam Wilkie Willaim Willam Willene
Willia William Willian Williard Willie Williemae Willis Willodean Willy Wilson Windell Winfield
Winford Winfred Winnie Winnifred Winny Winona Winton Wiremu Wirt Wishi Witold Wojciech Woodie
Woodroe Woodson Worley Wriddhish Wridesh Wuraola Wyatt Wycliff Wycliffe Wyman Wynona Wálter
Xalak Xander Xavier Xena Xenia Ximena Xiomara Xiti Xobeen Xzavier Yaa Yaakov Yaaseen Yachana
Yadavi Yadid Yadiel Yadira Yael Yafi Yafir Yaghnam Yagnesh Yago Yahaira Yahir Yahvi Yahya Yahyaa
Yair Yaiza Yajaira Yakobo Yaman Yamar Yameen Yamilet Yamilex Yamini Yancy Yandel Yaqeen Yaqoot
Yaqub Yar Yara Yareli Yaretzi Yaritza Yasaar Yaseen Yash Yashasvi Yashawini Yashem Yashica
Yashoda Yashodhara Yashvi Yasin Yasinta Yasir Yasmeen Yasmin Yasmine Yasti Yatan Yathrib Yatin
Yauvani Yawar Yawer Yazan Yazeed Yazmin Yee Yehuda Yejide Yeraz Yergha Yesenia Yesoob Yessenia
Yetta Yetunde Yewande Yochana Yoel Yohana Yohane Yolanda Yolonda Yosef Yoselin Yoshiko Yoshio
Yoshita Yug Yuliana Yulisa Yulissa Yunis Yureed Yurem Yuridia Yussuf Yusuf Yutika Yuvraj Yves
Yvette Yvonne Yésica Yéssica Zaafir Zaahid Zaahir Zaakir Zabir Zablon Zac Zacarías Zach Zacharia
Zacharie Zachary Zack Zackariya Zackary Zackery Zada Zadie Zaeem Zafar Zafeer Zafir Zafrul
Zahaar Zaharia Zaheer Zahi Zahir Zahnya Zahri Zahrun Zahur Zaib Zaid Zaida Zaiden Zain Zainab
Zainabu Zaira Zaitra Zaituni Zak Zakaria Zakary Zakayo Zakhele Zamfir Zamfira Zana Zander Zandra
Zane Zaniyah Zansi Zara Zarar Zaraza Zaria Zariah Zarna Zashil Zauqi Zavier Zavion Zaweel Zayan
Zayden Zayne Zayyan Zayyir Zeb Zebulon Zehaan Zela Zelda Zelia Zella Zelpha Zena Zenas Zende
Zeno Zenobia Zenovia Zenzele Zenzile Zerdad Zetta Zettie Zewad Zhane Zibuyile Zigmund Zillah
Zilmil Zilpah Zilpha Zimran Zina Zinal Zinhle Zion Zipporah Zita Zoa Zoe Zoey Zoie Zollie Zona
Zora Zoraida Zoé Zuba Zuhri Zula Zumaridi Zuwayhir Zuwena Zwatie yoom África Ágata Águeda Álvaro
Ámbar Ángel Ángela Ángeles Áurea Ângela Ângelo Édgar Édith Édouard Élisabeth Élise Élodie
Éléonore Émile Émilie Éric Érica Étienne Ëakumbu Íngrid Íris Íñigo Óscar Úrsula Łukasz
"""

FIRST_NAMES: frozenset[str] = frozenset(_NAMES.split())
