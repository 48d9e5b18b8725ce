"""Word lists: names, cities, companies, industries, stock comments and messages.

Large vocabularies keep unrelated generated texts apart, as real ones are (see
"Texts" in the :mod:`fakeprofile.synthetic` package docstring).
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "Amara Aisha Ben Carlos Chen Dana Elena Emeka Farah Fatima George Hannah Hiro Ines Ivan "
    "Jamal Jordan Julia Kwame Laila Leo Liam Lucia Maya Mateo Mei Nadia Nikhil Noah Olga Omar "
    "Priya Rahul Rosa Sam Sara Sofia Tariq Thabo Tom Uma Victor Wei Yusuf Zara Anna Daniel "
    "Grace Kenji Lena Marco Nia Paul Rhys Sean Tara Yara Zoe Ali Erik"
)
_LAST = _words(
    "Okafor Whitfield Reyes Patel Kim Nguyen Garcia Novak Schmidt Rossi Silva Haddad Mensah "
    "Kowalski Tanaka Ahmed Dubois Murphy Osei Larsen Costa Ivanova Khan Mbeki Fischer Moreau "
    "Lopez Singh Wright Chen Ali Brennan Jansen Sato Petrov Adeyemi Hughes Ortiz Berg Romero "
    "Clarke Das Fernandes Hassan Kaur Lindqvist Mwangi Nakamura Popescu Quinn Santos Taylor"
)
_CITIES = (
    ("Manchester", "United Kingdom"),
    ("Leeds", "United Kingdom"),
    ("London", "United Kingdom"),
    ("Bristol", "United Kingdom"),
    ("Edinburgh", "United Kingdom"),
    ("Dublin", "Ireland"),
    ("Berlin", "Germany"),
    ("Munich", "Germany"),
    ("Amsterdam", "Netherlands"),
    ("Paris", "France"),
    ("Lyon", "France"),
    ("Madrid", "Spain"),
    ("Lisbon", "Portugal"),
    ("Milan", "Italy"),
    ("Warsaw", "Poland"),
    ("Stockholm", "Sweden"),
    ("Toronto", "Canada"),
    ("Chicago", "United States"),
    ("Austin", "United States"),
    ("Seattle", "United States"),
    ("Boston", "United States"),
    ("Atlanta", "United States"),
    ("Sydney", "Australia"),
    ("Melbourne", "Australia"),
    ("Singapore", "Singapore"),
    ("Bangalore", "India"),
    ("Pune", "India"),
    ("Lagos", "Nigeria"),
    ("Nairobi", "Kenya"),
    ("Cape Town", "South Africa"),
    ("São Paulo", "Brazil"),
    ("Mexico City", "Mexico"),
    ("Tokyo", "Japan"),
    ("Dubai", "UAE"),
    ("Glasgow", "United Kingdom"),
    ("Cardiff", "United Kingdom"),
    ("Belfast", "United Kingdom"),
    ("Birmingham", "United Kingdom"),
    ("Cork", "Ireland"),
    ("Hamburg", "Germany"),
    ("Rotterdam", "Netherlands"),
    ("Brussels", "Belgium"),
    ("Copenhagen", "Denmark"),
    ("Oslo", "Norway"),
    ("Helsinki", "Finland"),
    ("Vienna", "Austria"),
    ("Zurich", "Switzerland"),
    ("Prague", "Czechia"),
    ("Barcelona", "Spain"),
    ("Porto", "Portugal"),
    ("Athens", "Greece"),
    ("Istanbul", "Turkey"),
    ("Vancouver", "Canada"),
    ("Montreal", "Canada"),
    ("Denver", "United States"),
    ("Pittsburgh", "United States"),
    ("Auckland", "New Zealand"),
    ("Kuala Lumpur", "Malaysia"),
    ("Manila", "Philippines"),
    ("Hyderabad", "India"),
    ("Accra", "Ghana"),
    ("Kigali", "Rwanda"),
    ("Johannesburg", "South Africa"),
    ("Bogotá", "Colombia"),
    ("Santiago", "Chile"),
    ("Seoul", "South Korea"),
)
_PREFIX = _words(
    "North Bright Blue Silver Oak River Summit Harbor Cedar Iron Lumen Apex Meridian Granite "
    "Willow Falcon Crescent Evergreen Pioneer Vertex Copper Maple Atlas Beacon Amber Birch "
    "Coral Delta Ember Fern Glacier Hazel Indigo Juniper Kestrel Larch Marble Nova Onyx Pine "
    "Quartz Raven Sable Tidal Umber Violet Wren Zephyr Alder Basalt Cobalt Dune Echo Flint"
)
_CORE = _words(
    "wind well stone field bridge point gate line path works brook ridge haven crest mark "
    "ford wood light vale port"
)
# Small words, surnames and cities also make company names (Okafor & Co, Leeds Digital).
_COMPANY_FORMS = (
    "{prefix}{core} {suffix}",
    "{prefix}{core} {suffix}",
    "{prefix}{core} {suffix}",
    "{prefix}{core}",
    "{last} & {last2}",
    "{city} {suffix}",
    "{prefix} {core_cap}",
)
_GENERAL_SKILLS = (
    "Leadership",
    "Project management",
    "Communication",
    "Stakeholder management",
    "Excel",
    "Public speaking",
    "Team building",
    "Problem solving",
    "Mentoring",
    "Negotiation",
    "Strategic planning",
    "Budgeting",
    "Change management",
    "Presentation skills",
    "Agile methodologies",
    "Customer service",
)
# Code names of projects, programmes and products: a personal detail unrelated bios rarely share.
_CODENAMES = _words(
    "Albatross Aurora Avalanche Badger Basilisk Bluebell Bramble Caribou Cassini Chinook "
    "Cirrus Comet Condor Cormorant Cyclone Dandelion Dingo Dragonfly Eider Electra Falconer "
    "Firefly Foxglove Gannet Gecko Gemini Goshawk Halcyon Harrier Heron Hornbill Ibex Jackal "
    "Jaguar Kingfisher Kite Kodiak Lynx Magpie Mandrake Marten Merlin Mistral Monsoon Narwhal "
    "Nightjar Ocelot Orca Osprey Otter Pelican Peregrine Petrel Phoenix Plover Puffin Quokka "
    "Redwing Sandpiper Saturn Sirocco Skylark Sparrow Starling Stingray Swift Tamarin Tern "
    "Thistle Titan Toucan Tundra Vega Vireo Wagtail Walrus Warbler Wolverine Yarrow Zebu"
)
_LANGUAGES = _words(
    "Spanish French German Portuguese Italian Polish Dutch Swedish Arabic Hindi Mandarin "
    "Japanese Yoruba Swahili Turkish Greek Korean Romanian Urdu Tamil"
)
_HOBBIES = (
    "run half marathons",
    "coach a youth football team",
    "volunteer at a food bank",
    "play in a brass band",
    "restore old bikes",
    "grow far too many tomatoes",
    "mentor students through a local charity",
    "write short fiction",
    "climb at an indoor wall twice a week",
    "bake sourdough badly",
    "sing in a community choir",
    "swim in cold lakes",
    "referee amateur rugby",
    "keep bees on an allotment",
    "build model railways with my kids",
    "play chess online",
    "cycle to work whatever the weather",
    "learn {lang}, slowly",
    "walk long-distance trails",
    "paint watercolours of {city}",
    "play bass in a covers band",
    "take far too many photos of birds",
    "foster rescue dogs",
    "organise a monthly board game night",
    "fix vintage radios",
    "surf whenever the forecast allows",
    "read history books on the train",
    "coach chess at a primary school",
    "cook food from my grandmother's recipes",
    "dance salsa on Thursdays",
    "run a small pottery studio",
    "brew cider from our own apples",
    "play cricket for a village team",
    "collect vinyl records",
    "sail dinghies on weekends",
    "grow bonsai trees",
    "tutor maths for free",
    "knit jumpers nobody asked for",
    "train for triathlons",
    "volunteer with a mountain rescue team",
)
_CAUSES = (
    "a literacy charity",
    "a refugee support network",
    "Girls Who Code",
    "a local hospice",
    "a youth mentoring scheme",
    "a tree-planting group",
    "a mental health helpline",
    "the school governors",
    "a housing association board",
    "an animal shelter",
    "a community radio station",
    "a STEM outreach programme",
)
_CERTIFICATIONS = (
    "PMP",
    "PRINCE2",
    "Scrum Master",
    "Six Sigma Green Belt",
    "ITIL",
    "CIPD",
    "ACCA",
    "CFA Level II",
    "AWS Solutions Architect",
    "Google Analytics",
    "NEBOSH",
    "Lean Practitioner",
    "CISSP",
    "Chartered Engineer",
    "TEFL",
)
_TRAITS = (
    "curious",
    "stubbornly practical",
    "calm under pressure",
    "happiest with a whiteboard",
    "a reluctant early riser",
    "allergic to jargon",
    "obsessed with good documentation",
    "a people person",
    "a numbers person",
    "a recovering perfectionist",
    "an optimist",
    "a fan of small, boring improvements",
    "a big believer in checklists",
    "a keen listener",
)


@dataclass(frozen=True)
class _Industry:
    name: str
    field: str
    roles: tuple[str, ...]
    skills: tuple[str, ...]
    topics: tuple[str, ...]
    objects: tuple[str, ...]
    suffixes: tuple[str, ...]
    degrees: tuple[str, ...]
    tools: tuple[str, ...]  # software, methods and equipment named in descriptions
    clients: tuple[str, ...]  # who the work is for
    metrics: tuple[str, ...]  # what the work moved


def _ind(name: str, fld: str, *parts: str) -> _Industry:
    roles, skills, topics, objects, suffixes, degrees, tools, clients, metrics = (
        tuple(p.split(";")) for p in parts
    )
    return _Industry(
        name, fld, roles, skills, topics, objects, suffixes, degrees, tools, clients, metrics
    )


# fmt: off
_INDUSTRIES: tuple[_Industry, ...] = (
    _ind(
        "software",
        "software engineering",
        "Software Engineer;Senior Software Engineer;Engineering Manager;Data Scientist;"
        "DevOps Engineer;Product Manager;Frontend Developer;Machine Learning Engineer;"
        "Backend Developer;Site Reliability Engineer;QA Engineer;Staff Engineer;Data Engineer;"
        "Mobile Developer;Solutions Architect",
        "Python;Kubernetes;TypeScript;SQL;AWS;System design;React;Go;Terraform;Java;Rust;"
        "GraphQL;Docker;PostgreSQL;Kafka;Azure;Machine learning;CI/CD;Scala;Swift;Kotlin",
        "observability;code review;platform teams;data pipelines;developer experience;"
        "incident response;testing culture;API design;technical debt;feature flags;"
        "on-call rotas;accessibility;privacy engineering;event sourcing;cost control in the cloud;"
        "pair programming;search relevance;model monitoring",
        "the billing platform;our data pipeline;the mobile app;the search service;"
        "internal developer tooling;the payments API;the recommendation engine;"
        "the identity service;our design system;the analytics warehouse;the checkout flow;"
        "the notification service;a fraud detection model;the booking engine;"
        "the customer portal;the deployment pipeline;the pricing service;the offline sync",
        "Labs;Systems;Software;Technologies;Digital;Cloud;AI;Data",
        "Computer Science;Software Engineering;Mathematics;Data Science;Physics;"
        "Electronic Engineering",
        "Grafana;Prometheus;GitHub Actions;Jenkins;Snowflake;dbt;Airflow;Datadog;Spark;"
        "Elasticsearch;Redis;PyTorch;Next.js;Django;Spring Boot;BigQuery",
        "retail banks;insurers;online retailers;airlines;hospitals;game studios;logistics firms;"
        "public-sector teams;start-ups;media companies;energy suppliers;universities",
        "deployment time;page load time;cloud spend;on-call pages;build times;error rates;"
        "query latency;test coverage;churn;conversion",
    ),
    _ind(
        "healthcare",
        "healthcare",
        "Registered Nurse;Clinical Research Associate;Product Designer;Health Data Analyst;"
        "Practice Manager;Physiotherapist;Pharmacist;Midwife;Occupational Therapist;"
        "Clinical Nurse Specialist;Radiographer;Ward Manager;Paramedic;Dietitian;"
        "Healthcare Assistant",
        "Patient care;Clinical trials;GCP;Healthcare IT;Epidemiology;Care planning;EHR;"
        "Infection control;Safeguarding;Medication management;Triage;Wound care;"
        "Health promotion;Clinical audit;Rehabilitation;Palliative care;Phlebotomy;"
        "Mental health first aid",
        "patient safety;clinical trials;digital health;care pathways;accessibility;"
        "staff wellbeing;falls prevention;health inequalities;antimicrobial resistance;"
        "end-of-life care;community care;waiting lists;medicines optimisation;"
        "patient experience;frailty;shared decision-making",
        "the patient app;appointment booking;ward rostering;a clinical trial of 400 patients;"
        "discharge planning;the outpatient clinic;the vaccination programme;"
        "the stroke unit;a falls clinic;the infection control audit;the diabetes service;"
        "the virtual ward;the triage protocol;a pressure ulcer study;the pharmacy stock system;"
        "the maternity unit;the physiotherapy waiting list",
        "Health;Care;Medical;Clinic;Hospital;Healthcare;Therapeutics;Pharma",
        "Nursing;Pharmacy;Biomedical Science;Public Health;Physiotherapy;Medicine;Midwifery",
        "EMIS;SystmOne;Epic;Cerner;REDCap;SPSS;Datix;Medidata;Tableau;NHS Spine;"
        "telemetry monitors;infusion pumps;ultrasound",
        "NHS trusts;GP practices;care homes;research sponsors;community teams;"
        "hospices;private clinics;patient groups;pharmacies;the local council",
        "waiting times;readmissions;missed appointments;falls;infection rates;"
        "length of stay;patient satisfaction;staff turnover;medication errors;bed occupancy",
    ),
    _ind(
        "finance",
        "financial services",
        "Financial Analyst;Accountant;Risk Manager;Investment Associate;Financial Controller;"
        "Auditor;Tax Adviser;Treasury Analyst;Credit Analyst;Compliance Officer;"
        "Finance Business Partner;Portfolio Manager;Actuary;Payroll Manager;FP&A Manager",
        "Financial modelling;IFRS;Risk management;Power BI;Valuation;Audit;Forecasting;"
        "Budgeting;Tax compliance;VBA;Credit analysis;AML;Treasury;Consolidation;"
        "Management accounting;Regulatory reporting;Corporate finance;Due diligence",
        "risk models;cash-flow forecasting;audit automation;ESG reporting;regulatory change;"
        "working capital;fraud prevention;pension schemes;capital allocation;"
        "financial inclusion;open banking;cost transformation;tax transparency;"
        "climate risk;payment fraud;liquidity planning",
        "month-end close;the credit risk model;treasury reporting;the audit programme;"
        "the annual budget;group consolidation;the IFRS 16 transition;the VAT return process;"
        "the pricing model;the investor pack;the expenses system;the capital plan;"
        "the KYC backlog;the payroll migration;the cash-flow model;the board reporting pack",
        "Capital;Finance;Partners;Bank;Advisory;Wealth;Investments;Accountants",
        "Accounting;Economics;Finance;Mathematics;Actuarial Science;Business Studies",
        "SAP;Oracle Financials;Xero;Sage;Bloomberg;Alteryx;Anaplan;Hyperion;QuickBooks;"
        "Workiva;Power Query;Python;Excel models",
        "retail banks;hedge funds;family offices;SMEs;charities;pension funds;insurers;"
        "private equity firms;building societies;public bodies",
        "close time;forecast accuracy;audit findings;bad debt;working capital;"
        "reporting errors;cost per transaction;capital ratios;false positives;late payments",
    ),
    _ind(
        "marketing",
        "marketing",
        "Marketing Manager;Content Strategist;SEO Specialist;Brand Manager;Growth Marketer;"
        "Communications Lead;Social Media Manager;Copywriter;PR Manager;Product Marketing Manager;"
        "Marketing Analyst;Creative Director;Events Manager;CRM Manager",
        "SEO;Content strategy;Google Analytics;Copywriting;Brand management;CRM;Social media;"
        "Paid search;Email marketing;Public relations;Market research;HubSpot;Video production;"
        "Event management;Influencer marketing;A/B testing;Storytelling;Adobe Creative Suite",
        "brand strategy;content marketing;attribution;community building;email campaigns;"
        "customer research;sustainable packaging;podcasting;employer branding;"
        "crisis communications;marketing mix models;loyalty schemes;short-form video;"
        "B2B storytelling;local search;inclusive advertising",
        "the brand refresh;our newsletter;paid acquisition;the product launch;"
        "the annual conference;a podcast series;the loyalty app;the website relaunch;"
        "the spring campaign;our customer community;the partner programme;the press office;"
        "a rebrand for 30 stores;the referral scheme;the trade show stand;the social channels",
        "Media;Agency;Digital;Studio;Creative;Communications;Collective;Brands",
        "Marketing;Communications;English Literature;Business Studies;Journalism;Psychology",
        "HubSpot;Salesforce Marketing Cloud;Google Ads;Semrush;Canva;Figma;Mailchimp;Hootsuite;"
        "Looker Studio;Hotjar;Premiere Pro;Meta Ads Manager;WordPress",
        "fashion brands;B2B software firms;charities;restaurants;universities;"
        "consumer apps;breweries;sports clubs;travel companies;councils",
        "organic traffic;open rates;cost per lead;brand awareness;share of voice;"
        "sign-ups;retention;event attendance;click-through rates;press coverage",
    ),
    _ind(
        "education",
        "education",
        "Teacher;Lecturer;Instructional Designer;Curriculum Lead;Education Consultant;"
        "Head of Year;Teaching Assistant;SENCO;Deputy Head;Learning Technologist;"
        "Research Fellow;Admissions Officer;Careers Adviser;Early Years Practitioner",
        "Curriculum design;Classroom management;E-learning;Assessment;Moodle;Coaching;"
        "Safeguarding;SEN support;Lesson planning;Educational research;Behaviour management;"
        "Pastoral care;Blended learning;Phonics;STEM outreach;Tutoring;Exam preparation",
        "assessment;online learning;curriculum design;student wellbeing;EdTech;"
        "reading for pleasure;inclusion;oracy;attendance;feedback that works;"
        "teacher workload;outdoor learning;careers guidance;widening participation;"
        "adult learning;metacognition",
        "the maths curriculum;our online courses;teacher training;the exam programme;"
        "the Year 7 transition;a reading scheme;the science department;the summer school;"
        "the apprenticeship programme;the school library;the debating club;a coding club;"
        "the sixth form timetable;the induction course;the attendance strategy;"
        "the virtual learning environment",
        "Academy;Learning;Education;School;College;Tutors;Institute;Trust",
        "Education;History;Mathematics;Psychology;English;Biology;Geography",
        "Moodle;Google Classroom;Canvas;Articulate Storyline;Seesaw;Kahoot;Arbor;SIMS;"
        "Microsoft Teams;Nearpod;Blackboard;Padlet",
        "primary schools;secondary schools;universities;multi-academy trusts;"
        "adult learners;apprentices;international students;home educators;colleges;"
        "exam boards",
        "attendance;exam results;reading ages;exclusions;course completion;"
        "student satisfaction;teacher retention;progression rates;homework completion;"
        "enrolment",
    ),
    _ind(
        "engineering",
        "manufacturing and engineering",
        "Mechanical Engineer;Process Engineer;Quality Manager;Project Engineer;"
        "Operations Manager;Civil Engineer;Electrical Engineer;Maintenance Manager;"
        "Design Engineer;Production Supervisor;Health and Safety Manager;Structural Engineer;"
        "Controls Engineer;Plant Manager",
        "AutoCAD;Lean manufacturing;Six Sigma;SolidWorks;FMEA;Root cause analysis;"
        "PLC programming;Continuous improvement;ISO 9001;CAD;Project delivery;"
        "Health and safety;Structural analysis;Commissioning;Kaizen;Revit;"
        "Statistical process control",
        "lean manufacturing;predictive maintenance;supply chain;safety culture;CAD workflows;"
        "energy efficiency;net zero;automation;reliability engineering;quality systems;"
        "additive manufacturing;digital twins;apprenticeships;waste reduction;"
        "modular construction;asset management",
        "the assembly line;a plant expansion;the maintenance schedule;supplier audits;"
        "a new bottling line;the paint shop;a bridge refurbishment;the compressed air system;"
        "the ISO 14001 certification;a 40-tonne press;the clean room;the boiler replacement;"
        "the warehouse racking;a flood defence scheme;the robot welding cell;the tooling store",
        "Manufacturing;Engineering;Industries;Works;Fabrication;Automation;Precision;Structures",
        "Mechanical Engineering;Civil Engineering;Chemical Engineering;Physics;"
        "Electrical Engineering;Materials Science",
        "SolidWorks;AutoCAD;MATLAB;Siemens PLCs;SAP PM;Minitab;ANSYS;Revit;Primavera;"
        "Fusion 360;LabVIEW;thermal cameras",
        "car makers;aerospace suppliers;food producers;water companies;rail operators;"
        "housebuilders;defence contractors;chemical plants;wind farm operators;councils",
        "downtime;scrap rates;energy use;lost-time injuries;cycle time;defect rates;"
        "changeover time;maintenance costs;on-time delivery;carbon emissions",
    ),
    _ind(
        "logistics",
        "logistics and supply chain",
        "Logistics Coordinator;Supply Chain Analyst;Warehouse Manager;Fleet Manager;"
        "Procurement Specialist;Transport Planner;Demand Planner;Buyer;Customs Specialist;"
        "Inventory Manager;Operations Analyst;Shipping Coordinator;Category Manager",
        "Supply chain management;SAP;Inventory control;Procurement;Route planning;WMS;"
        "Demand planning;Customs compliance;Supplier management;Incoterms;Forecasting;"
        "Contract negotiation;Fleet management;S&OP;Lean warehousing;Import/export",
        "last-mile delivery;warehouse automation;route planning;inventory accuracy;"
        "supplier diversity;cold chain;reverse logistics;electric fleets;nearshoring;"
        "demand sensing;customs after Brexit;driver retention;packaging waste;"
        "port congestion;safety in the yard",
        "the distribution centre;route planning;inventory control;cross-border shipping;"
        "the returns process;a new cross-dock;the cold store;the tender for 60 vans;"
        "the stock count;the supplier scorecard;the night shift;the transport management system;"
        "a pallet network;the peak season plan;the spare parts catalogue",
        "Logistics;Freight;Transport;Supply;Shipping;Distribution;Cargo;Haulage",
        "Logistics;Business Studies;Geography;Economics;Supply Chain Management",
        "SAP EWM;Manhattan WMS;Oracle SCM;Descartes;Power BI;Kinaxis;Blue Yonder;Excel;"
        "telematics;RF scanners;Coupa",
        "supermarkets;online retailers;pharmaceutical firms;car parts suppliers;"
        "furniture brands;breweries;hospitals;fashion retailers;builders' merchants;"
        "food banks",
        "delivery times;stock accuracy;fuel costs;damages;picking errors;lead times;"
        "empty miles;stock-outs;carbon per parcel;supplier costs",
    ),
    _ind(
        "sales",
        "B2B sales",
        "Account Executive;Sales Manager;Business Development Manager;"
        "Customer Success Manager;Sales Engineer;Key Account Manager;Sales Director;"
        "Partnerships Manager;Inside Sales Representative;Territory Manager;"
        "Bid Manager;Channel Manager;Revenue Operations Analyst",
        "Salesforce;Negotiation;Account management;Lead generation;B2B sales;CRM;"
        "Solution selling;Pipeline management;Forecasting;Cold calling;Tender writing;"
        "Partnerships;Customer retention;Contract negotiation;Sales enablement;MEDDIC",
        "enterprise sales;customer retention;negotiation;pipeline reviews;account planning;"
        "sales enablement;partner ecosystems;pricing;public-sector tenders;"
        "onboarding;social selling;renewal forecasting;value selling;churn",
        "the EMEA pipeline;key accounts;renewals;partner channels;the northern territory;"
        "a framework agreement;the reseller programme;the onboarding playbook;"
        "the Nordics expansion;the trade desk;the top 40 accounts;the bid library;"
        "the customer advisory board;the sales academy;the quoting process",
        "Solutions;Group;Partners;Commerce;Sales;Consulting;Trading;Ventures",
        "Business Studies;Economics;Marketing;Languages;Management;Psychology",
        "Salesforce;HubSpot;Gong;Outreach;LinkedIn Sales Navigator;ZoomInfo;Clari;"
        "Microsoft Dynamics;DocuSign;Pipedrive;Highspot",
        "manufacturers;software vendors;hospital groups;local authorities;hotels;"
        "universities;utilities;law firms;distributors;telecom operators",
        "win rates;churn;deal size;sales cycle length;renewal rates;pipeline coverage;"
        "quota attainment;response times;net revenue retention;discounting",
    ),
)
# fmt: on
_RECRUITER_ROLES = (
    "Technical Recruiter",
    "Talent Acquisition Partner",
    "Senior Recruiter",
    "Head of Talent",
    "Recruitment Consultant",
    "Talent Acquisition Lead",
    "Executive Search Consultant",
    "Recruitment Manager",
    "Talent Partner",
    "Sourcing Specialist",
    "Recruitment Business Partner",
    "People and Talent Manager",
)
_VERBS = (
    ("lead", "led"),
    ("run", "ran"),
    ("build", "built"),
    ("look after", "looked after"),
    ("rebuild", "rebuilt"),
    ("manage", "managed"),
    ("work on", "worked on"),
    ("improve", "improved"),
    ("redesign", "redesigned"),
    ("launch", "launched"),
    ("own", "owned"),
    ("set up", "set up"),
    ("streamline", "streamlined"),
    ("coordinate", "coordinated"),
    ("oversee", "oversaw"),
    ("deliver", "delivered"),
    ("modernise", "modernised"),
    ("automate", "automated"),
    ("scale", "scaled"),
    ("untangle", "untangled"),
    ("introduce", "introduced"),
    ("champion", "championed"),
    ("migrate", "migrated"),
    ("audit", "audited"),
)
_RESULTS = (
    "improving {metric} by {pct}%",
    "with {metric} {pct}% better",
    "saving about {k} hours a month",
    "saving roughly £{money}k a year",
    "growing usage by {pct}%",
    "with a team of {k}",
    "across {k} sites",
    "in {k} countries",
    "on time and under budget",
    "and {metric} improved within {months} months",
    "which {k} teams now rely on",
    "for {big} users",
    "for {client}",
    "with {tool} and {tool2}",
    "in {months} months",
    "working with {client} in {place}",
    "a year ahead of plan",
    "for a budget of £{money}k",
    "now used by {big} people a week",
)

_GENERIC_COMMENTS = (
    "Great post!",
    "Congratulations!",
    "Thanks for sharing!",
    "Very insightful.",
    "Well said!",
    "Amazing!",
    "Love this!",
    "So true!",
    "Inspiring!",
    "Great insights, thanks for sharing",
    "Congrats!",
    "Interesting!",
    "Nice one",
    "Agreed!",
)
_EMOJI = ("", "", "", " 👏", " 🙌", " 👍", " 🔥", "!!")
_CANNED = (
    "I see you looked at my profile and based on your fascinating background "
    "I think we should connect.",
    "I'd like to add you to my professional network.",
    "Hi {first}, I came across your profile and was impressed by your experience. Let's connect!",
    "Hello dear, I would love to be friends with you and know you better.",
    "Your profile stood out to me and I think we could both benefit from connecting.",
    "I'm expanding my network with professionals in {field} and would be glad to connect.",
)
# Rewordings applied to canned messages, as senders (or their scripts) vary them.
_REWORD = {
    "looked at": ("viewed", "checked", "visited"),
    "fascinating": ("impressive", "interesting", "amazing"),
    "background": ("profile", "experience", "career"),
    "I think": ("I believe", "I feel"),
    "connect": ("link up", "get connected", "network"),
    "impressed by": ("inspired by", "amazed by"),
    "Hello dear": ("Hi dear", "Hello friend", "Dear"),
    "stood out to me": ("caught my attention", "caught my eye"),
    "glad": ("happy", "delighted"),
}
_OFFSITE = (
    "Let's continue on WhatsApp: +44 7700 900{num}",
    "Please email me at {user}{num}@mail.example so we can talk privately.",
    "I have a business proposal for you, details here: {link}",
    "Check out this opportunity: {link}",
    "Text me on Telegram @{user}{num}, I rarely check this app.",
)
# Small word swaps a copycat makes in copied text.
_SWAPS = {
    "lead": "head",
    "team": "group",
    "years": "yrs",
    "experience": "background",
    "help": "support",
    "build": "create",
    "built": "created",
    "work": "job",
    "I": "i",
    "and": "&",
    "with": "w/",
    "about": "on",
    "currently": "now",
    "care": "think",
    "the": "our",
    "our": "the",
    "at": "@",
}
_FILLERS = ("really", "also", "truly", "very", "highly", "always")
_TEMPLATE_ABOUTS = (
    "Results-driven {field} professional with a passion for growth and innovation. "
    "Experienced in building strong relationships and delivering value to clients. "
    "Always open to new opportunities and happy to connect with like-minded professionals.",
    "Dynamic and motivated {role} with proven track record of success in {field}. "
    "I believe in hard work, integrity and teamwork. Let's connect and grow together!",
    "Passionate about {field}, business development and helping people reach their goals. "
    "Entrepreneur, investor and lifelong learner. Feel free to reach out.",
    "Experienced {role} helping companies achieve their targets. Strong communication "
    "and leadership skills. Looking forward to connecting with professionals worldwide.",
)
_TEMPLATE_HEADLINES = (
    "{role} | Entrepreneur | Investor",
    "CEO & Founder | {field} | Open to opportunities",
    "Senior {role} at {company}",
    "HR Manager at {company} | Hiring",
    "{role} | Crypto & forex enthusiast",
)
