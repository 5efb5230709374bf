"""Word lists the extractor reads context with (folded: lower-case, no accents), EN and ES.

Written for this project. Each list says what it is for; keep them small and specific.
"""

from __future__ import annotations

# Words that may sit inside a place name or around it without being part of a proper name.
FUNCTION_WORDS = frozenset(
    "de del la las los el y e of the and a al en in to from at on for por para con with".split()
)

# Between a feature/facility word and the name: "valle del Mantaro", "río de la Plata".
LINKERS = frozenset("de del la las los el of the".split())

# Cues that ask for a reading. Patterns are tuples of folded words, nearest word first.
# Words for elected representatives: a place after them is their constituency, a region.
LAWMAKER_WORDS = frozenset(
    """congresista congresistas legislador legisladora legisladores legisladoras parlamentario
    parlamentaria parlamentarios parlamentarias representante representantes bancada elegido
    elegida elegidos elegidas electo electa lawmaker lawmakers legislator legislators
    congressman congresswoman congressmen congresswomen representative representatives
    elected""".split()
)

# Adjectives between a plural level word and "de": "las provincias altas de Espinar".
LEVEL_ADJECTIVES = frozenset(
    "altas altoandinas andinas costeras fronterizas amazonicas rurales afectadas vecinas"
    " surandinas nortenas mas".split()
)

CUES_BEFORE: dict[str, tuple[tuple[str, ...], ...]] = {
    "department": (
        ("region",), ("de", "region"), ("del", "region"), ("departamento",),
        ("de", "departamento"), ("of", "department"), ("of", "region"), ("regional", "gobierno"),
        ("de", "regional", "gobierno"), ("regiones",), ("departamentos",), ("regions",),
        ("de", "regiones"), ("of", "regions"), ("departments",), ("of", "governor"),
        ("de", "gobernador"), ("de", "gobernadora"), ("de", "gobernacion"),
        # Electoral constituencies and regional bodies: "congresista por Cusco", "representante
        # de Moquegua", "DIRESA Piura", "COER Arequipa".
        ("por", "congresista"), ("por", "congresistas"), ("de", "representante"),
        ("por", "representante"), ("por", "elegida"), ("por", "elegido"), ("for", "congressman"),
        ("for", "congresswoman"), ("for", "lawmaker"), ("diresa",), ("geresa",), ("coer",),
        ("de", "diresa"), ("del", "coer"),
        # A judicial district is a department ("Corte Superior de Justicia de Cajamarca"), and
        # so are "IV Comandancia Departamental Callao" and "el litoral de Tumbes".
        ("de", "justicia", "de", "superior"), ("departamental",), ("de", "departamental"),
        ("de", "litoral"), ("del", "litoral"),
        # "los legisladores de Piura", "elegida por Loreto", "the lawmaker for Cusco" (not
        # "from": where a person comes from)
        *((w, lm) for lm in LAWMAKER_WORDS for w in ("de", "del", "por", "for", "of")),
    ),
    "province": (
        ("provincia",), ("de", "provincia"), ("del", "provincia"), ("of", "province"),
        ("provincias",), ("de", "provincias"), ("provinces",), ("of", "provinces"),
        ("provincial", "municipalidad"), ("de", "provincial", "municipalidad"),
        ("de", "municipalidad"), ("of", "municipality"),
        # "alcalde provincial de Espinar", "the provincial mayor of Chota"; regional
        # councillors are elected by province: "el consejero por Oxapampa"
        ("de", "provincial"), ("of", "mayor", "provincial"), ("por", "consejero"),
        ("del", "provincial"),  # "la Municipalidad Provincial del Santa"
        # "Fiscalía Provincial Penal de Huaura", "la Red de Salud Huanta"
        ("de", "penal", "provincial"), ("de", "civil", "provincial"), ("de", "mixta", "provincial"),
        ("de", "corporativa", "penal", "provincial"), ("de", "penal", "corporativa", "provincial"),
        ("salud", "de", "red"),
        ("por", "consejera"), ("por", "consejeros"),
    ),
    "district": (
        ("distrito",), ("de", "distrito"), ("del", "distrito"), ("of", "district"),
        ("de", "provincia", "y", "distrito"),  # "en el distrito y provincia de Huanta"
        ("distritos",), ("de", "distritos"), ("districts",), ("of", "districts"),
        ("distrital", "municipalidad"), ("de", "distrital", "municipalidad"),
        ("de", "distrital"), ("of", "mayor", "district"),
    ),
    "city": (
        ("de", "ciudad"), ("del", "ciudad"), ("city", "the"), ("of", "city"), ("near",),
        ("to", "close"), ("de", "cerca"), ("of", "outskirts"), ("de", "afueras"),
        ("downtown",), ("de", "centro"), ("in", "downtown"), ("capital",), ("capital", "la"),
        ("central",), ("de", "ciudades"), ("of", "cities"), ("cities",), ("ciudades",),
        ("outside",), ("just", "outside"),
    ),
}  # fmt: skip
CUES_AFTER: dict[str, frozenset[str]] = {
    "department": frozenset({"region", "department", "departamento", "regions", "governor"}),
    "province": frozenset({"province", "provincia", "provinces"}),
    "district": frozenset({"district", "distrito", "districts"}),
    "city": frozenset({"city"}),
}

ADMIN_LEVELS = frozenset({"department", "province", "district"})
ARTICLES = frozenset("la el las los the".split())
# Words inside an organisation's name between its kind and the place ("Universidad Nacional de").
ORG_WORDS = frozenset(
    """nacional regional municipal central general publica publico national international
    internacional san santa arqueologico arqueologica archaeological historico historica
    historic""".split()
)

# Level words that may be written in lower case inside an alias ("Lima region").
PLURAL_LEVEL_WORDS = frozenset("distritos districts provincias provinces".split())
LEVEL_WORDS = frozenset("region regiones departamento department provincia province".split())

# Words before a name that make it a natural feature named like a unit.
FEATURE_WORDS = frozenset(
    """rio rios river rivers valle valley valles cuenca basin lago lake laguna lagoon nevado
    volcan volcano quebrada bahia bay canon canyon cordillera isla island puente bridge
    mount monte cerro callejon peninsula isla islas playa desierto catarata cataratas
    waterfall fortaleza fortress fuerte fort ruinas ruins""".split()
)
# Plural feature words: "the rivers of Loreto" names the area the rivers are in.
PLURAL_FEATURES = frozenset(
    "rios rivers valles valleys lagos lakes lagunas lagoons quebradas playas beaches".split()
)
FEATURE_AFTER = frozenset(
    """river rivers valley basin lake canyon volcano bridge national reserve park festival
    fiesta feast bay peninsula island islands lagoon desert beach campaign biosphere
    sanctuary trek trail peak glacier complex circuit""".split()
)
# Capitalised event nouns before "of/de" that make a proper event name ("Battle of Ayacucho").
EVENT_NOUNS = frozenset(
    """battle batalla treaty tratado combate combat siege sitio massacre masacre matanza
    campaign campana""".split()
)
# Ship words: "the ironclad Huáscar", "a bordo del Huáscar", "the frigate Independencia".
SHIP_WORDS = frozenset(
    """ironclad buque barco frigate fragata corvette corbeta bordo aboard
    cruiser gunboat canonero""".split()
)
# Feasts and festivals named after saints that are also districts ("fiesta de San Juan").
FESTIVAL_BEFORE = frozenset("fiesta fiestas festividad festival feast dia day".split())
# Buildings dedicated to a saint: "iglesia de San Clemente", "convento de Santa Rosa de Ocopa".
DEDICATION_BEFORE = frozenset(
    """iglesia templo capilla parroquia convento catedral basilica monasterio church chapel
    cathedral convent monastery parish honor honour homenaje imagen procesion procession misa
    patron patrono patrona devocion devotos""".split()
)
# Facilities and organisations named after a place or person: not the unit itself.
FACILITY_WORDS = frozenset(
    """aeropuerto airport hospital clinica colegio escuela school universidad university estadio
    stadium plaza avenida av calle jiron jr street avenue parque park mercado penal carcel prison
    hotel teatro museo museum banco club fbc coliseo pasaje malecon square boulevard grupo
    complejo fronterizo garita mina proyecto unidad minera santuario sanctuary estacion
    station""".split()
)
FACILITY_AFTER = frozenset(
    "fc avenue street square stadium group university mine project shipping border post".split()
)

# Rivers that share a name with a unit: "the Marañón" is the river unless a cue says otherwise.
RIVER_NAMES = frozenset(
    """maranon ucayali huallaga apurimac amazonas urubamba mantaro putumayo napo tigre purus
    tambopata pachitea santa tambo chira perene inambari pastaza morona yavari nanay ene
    vilcanota rimac madre de dios colca cotahuasi""".split()
) | frozenset({"madre de dios"})

# Titles and given names that make the next capitalised word a surname, not a place.
TITLES = frozenset(
    """president presidente presidenta expresidente general gral almirante admiral libertador
    liberator don dona senor sr sra mr mrs ms dr doctor ministro ministra minister congresista
    congressman congresswoman alcalde alcaldesa mayor gobernador governor padre father saint
    santo santa sister hermano coronel colonel capitan captain comandante commander sargento
    lider leader activist activista hero heroe poet poeta writer escritor dirigente obispo
    bishop monsenor juez judge fiscal""".split()
)
GIVEN_NAMES = frozenset(
    """esperanza soledad libertad
    abel abigail adolfo alfonso alice alvaro amy andrew anthony barbara bernardo braulio brian
    catherine charles daniela deborah donald dorothy edward eliana elisa elsa emilia emily emma
    erika eugenio fabiola fatima federico frank gerardo gladys helen ines irene iris jack
    jacqueline jennifer joel joseph judith karen kenneth leticia lidia linda lisa marcela
    margarita marisa mary matthew max miriam nancy octavio patricio patrick sarah scott
    sebastian stephen steven susan timothy viviana yonhy
    jose juan luis carlos jorge pedro miguel manuel antonio francisco javier alberto alfredo
    andres angel fernando ricardo roberto rafael eduardo enrique raul victor hugo cesar oscar
    julio mario sergio pablo diego daniel david alejandro alonso gustavo hernan ramon simon
    mariano edwin wilfredo walter wilson william john james michael robert richard thomas
    george paul mark peter martin nick dina ollanta keiko alan ollanta ana maria rosa carmen
    isabel lucia patricia gloria elena teresa julia beatriz veronika veronica susana sonia
    flor delia nadine ruth marisol yolanda antauro humberto augusto ernesto ignacio tupac
    gregorio agustin domingo esteban felipe gabriel gonzalo guillermo hector ivan jaime
    lorenzo marco mateo nicolas orlando rodrigo salvador santiago tomas vicente teodoro
    abimael rolando nestor hilario aurelio clemente cirilo eusebio fidel genaro leoncio
    melchor porfirio segundo toribio zacarias edgar elmer freddy henry jhon kevin luz
    milagros nelly pilar rocio sandra silvia vilma zulema lourdes marco marcos vladimir
    aníbal anibal alejandro alex adrian aldo americo armando arturo benjamin bruno cristian
    christian dante dario edison eduardo efrain elias emilio ernesto ezequiel fabian felix
    fredy german gilberto guido hans harold heber hernando hipolito isaac jesus joaquin jonathan
    josue julian leonardo lucas luciano marcelino marcial martin mauricio maximo moises
    nelson noe omar pascual percy ramiro renato reynaldo rigoberto ronald ruben samuel saul
    teofilo ulises valentin wilber yuri zenon alicia andrea angela angelica betty blanca
    carla carolina cecilia claudia cristina diana doris edith elizabeth esther eva fiorella
    gabriela giovanna graciela hilda irma janet jessica johanna juana karina katherine
    laura liliana lorena luisa magaly maribel marina marta martha mercedes monica natalia
    norma olga paola raquel rebeca rosario roxana sara sofia tania ursula vanessa victoria
    virginia ximena yesenia zoila keiko verónika pedro rosa
    wilmer wilder teodora felipa eloy florencio jacinto juvenal lucio dionisio faustino
    gumercindo leonidas marcelo nicanor celestino apolinar basilio cipriano eladio elvis
    jhonatan edilberto herminio isidro nazario rufino saturnino timoteo ubaldo alcides
    fortunato nemesio hermelinda nilda yanet maritza rosalia dionisia felicitas gregoria
    marcelina paulina petronila justina juliana celia""".split()
)
# Words right after a name that show it is a person's name ("Castilla y León" aside).
PERSON_AFTER = frozenset("said dijo sostuvo afirmo senalo indico declared stated".split())

# Names of units that are also ordinary words or famous people: they need a cue ("provincia de
# Sandia", "en La Libertad") or a locative preposition before them to count.
ORDINARY_WORDS = frozenset(
    {
        "la libertad", "libertad", "independencia", "santa", "sandia", "la union", "union",
        "progreso", "el progreso", "esperanza", "la esperanza", "victoria", "paz", "constitucion",
        "providencia", "pampas", "vista alegre", "porvenir", "el porvenir", "concepcion",
        "asuncion", "trinidad", "encarnacion", "pueblo nuevo", "ate", "vice", "mala", "comas",
        "lince", "barranco", "salas", "cochas", "colonia", "florida", "alianza", "amistad",
        "buenos aires", "bellavista", "san jose", "belen", "santo domingo", "la victoria",
        "pueblo libre", "magdalena", "jesus", "la punta", "punta", "nazareth", "san pedro",
        "san pablo", "lucre", "oyon", "lima", "santa maria", "mercedes", "carmen",
    }
) - {"lima"}  # fmt: skip
PERSON_NAMES = frozenset(
    {
        "sucre", "bolivar", "grau", "castilla", "melgar", "prado", "pardo", "raimondi",
        "caceres", "huaman", "rodriguez de mendoza", "ramon castilla", "mariscal castilla",
        "simon bolivar", "mariano melgar", "jorge chavez", "leoncio prado", "daniel carrion",
        "jose maria arguedas", "coronel portillo", "padre abad", "sanchez carrion", "alto amazonas",
        "jose leonardo ortiz", "mariscal caceres", "mariscal nieto", "general sanchez cerro",
        "jorge basadre", "san martin", "ocona", "tupac amaru", "daniel alcides carrion",
        "antonio raymondi", "carlos fermin fitzcarrald", "andres avelino caceres", "fitzcarrald",
    }
) - {"san martin", "alto amazonas"}  # fmt: skip
# Names too common as words to be read as places without an explicit admin cue.
STRONG_CUE_ONLY = frozenset({"santa", "union", "paz", "vice", "colonia", "carmen", "mercedes"})

# Before a weak name, these make it a place ("en La Libertad", "in Independencia").
LOCATIVE = frozenset(
    "en in at near from desde hacia to across throughout around toward towards".split()
)

# Capitalised words that may stand right before a place without joining it into another name.
ALLOWED_BEFORE = (
    FUNCTION_WORDS
    | LOCATIVE
    | frozenset(
        """region regional departamento department provincia province distrito district ciudad
        city sur norte centro north south east west northern southern eastern western central
        greater metropolitan metropolitana alto bajo nuevo nueva gran rural urbano urban
        between entre desde hasta y and o or but pero como as including incluyendo such tambien
        also near cerca around about sobre over under bajo into through durante during after
        despues antes before since tras while mientras where donde when cuando because
        porque that que which cual este esta this these estos estas those the los las el la
        both ambos ambas via via to toward hacia en in at on peruvian""".split()
    )
)

# Country and foreign-region names that, right after a name, place it abroad.
FOREIGN_QUALIFIERS = frozenset(
    """ohio texas florida california honduras bolivia chile colombia ecuador brasil brazil
    mexico argentina venezuela espana spain cuba usa eeuu panama uruguay paraguay guatemala
    nicaragua salvador philippines filipinas colorado nevada indiana kansas georgia
    carolina virginia york illinois michigan pennsylvania oregon washington arizona
    oklahoma missouri kentucky tennessee alabama louisiana mississippi iowa minnesota
    wisconsin nebraska montana utah idaho wyoming dakota maine vermont massachusetts
    connecticut jersey delaware maryland arkansas hawaii alaska italia italy francia
    france portugal alemania germany filipinas venezuela extremadura andalucia cataluna
    galicia asturias caceres badajoz sevilla cadiz malaga huelva almeria madrid barcelona
    toledo salamanca zaragoza murcia alicante calif fla ariz colo conn mass mich minn tenn
    okla nev neb kan tex penn belgica belgium holanda netherlands suiza switzerland austria
    suecia sweden noruega norway dinamarca denmark rusia russia japon japan canada
    inglaterra england escocia scotland irlanda ireland grecia greece polonia poland
    marruecos morocco australia caracas bogota quito guayaquil asuncion miami chicago houston
    london londres paris""".split()
)  # the Spanish provinces and US state abbreviations (AP style: "SANTA ROSA, Calif.") too
# Foreign provinces and states of two words, placing a name abroad when "province" follows:
# Peru has districts and villages called Buenos Aires or Santa Fe, but no such province.
FOREIGN_PROVINCES = frozenset(
    {("buenos", "aires"), ("santa", "fe"), ("entre", "rios"), ("rio", "negro"), ("la", "pampa")}
)
PROVINCE_WORDS = frozenset({"province", "provincia", "state", "estado"})
FOREIGN_DEMONYMS = frozenset(
    """bolivian boliviano boliviana bolivia chilean chileno chilena chile ecuadorian
    ecuatoriano ecuatoriana ecuador colombian colombiano colombiana colombia brazilian
    brasileno brasilena brasil brazil hondureno hondurena honduran mexicano mexicana mexican
    venezolano venezolana venezuelan espanol espanola spanish argentino argentine paraguayo
    paraguaya paraguayan uruguayo uruguaya uruguayan ecuadorean salvadoreno salvadorena
    salvadoran guatemalteco guatemalteca guatemalan nicaraguense nicaraguan costarricense
    panameno panamena panamanian cubano cubana cuban puertorriqueno puertorriquena filipino
    filipina philippine andaluz andaluza andalusian extremeno extremena estadounidense
    norteamericano norteamericana italiano italiana italian cacereno cacerena madrileno
    madrilena sevillano sevillana asturiano asturiana valenciano valenciana murciano murciana
    toledano toledana salmantino salmantina granadino granadina canario canaria portugues
    portuguesa""".split()
)  # not "alemán", "gallego", "catalán": surnames too
SIDE_WORDS = frozenset("side lado part parte sector orilla bank".split())

# Unit names that read differently with an accent: "sandía" is a watermelon, Sandia a province.
ACCENT_STRICT = {"sandia": "sandia"}

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """av jr sr sra dr dra mr mrs ms st gral col cap ing lic prof etc no nro pag u s ee uu u.s
    u.n ee.uu a.m p.m jan feb aug sept oct nov dec gov sen rep lt sgt vs aprox approx
    max min""".split()
)

# Possessives before an ordinary word: "nuestra Independencia" is the event, not the district.
POSSESSIVES = frozenset(
    "nuestra nuestro nuestras nuestros su sus our their its his her mi my".split()
)

# "the Ohio city of Lima", "the Bolivian town of Desaguadero".
TOWN_WORDS = frozenset(
    """city town village ciudad pueblo localidad poblado villa municipality municipio puerto
    port""".split()
)

# Facilities described by their town ("el aeropuerto de Andahuaylas", "the port of Chancay").
TOWN_FACILITIES = frozenset(
    """aeropuerto aerodromo airport puerto port terminal estacion station mercado market
    hospital penal carcel prison muelle pier museo museum estadio stadium coliseo plaza square
    plazuela comisaria school escuela colegio""".split()
)

# Heroes named like places (San Martín, Bolívar, Sucre...) and what they did in history.
HISTORY_NAMES = frozenset(
    {"san martin", "bolivar", "sucre", "grau", "castilla", "caceres", "tupac amaru", "melgar"}
)
HISTORY_VERBS = frozenset(
    """arrived arrives landed lands sent sends proclaimed proclaims declared entered marched
    sailed led ordered wrote fought died won defeated crossed reached took met signed named
    llego llega desembarco desembarca envio envia proclamo proclama declaro ingreso entro
    marcho zarpo dirigio ordeno escribio lucho murio gano derroto cruzo alcanzo tomo firmo
    nombro partio parte recibio abolished abolio decreed decreto founded fundo""".split()
)
HISTORY_NOUNS = frozenset(
    """ejercito tropas expedicion enviados emisarios soldados escuadra flota army troops
    expedition envoys emissaries soldiers fleet squadron forces fuerzas ruta route campana
    campaign""".split()
)

# Words right before a name that make it a locality ("el caserío X", "the village of X").
LOCALITY_CUE_WORDS = frozenset(
    """comunidad comunidades nativa nativas campesina campesinas caserio caserios centro
    centros poblado poblados anexo anexos sector sectores localidad localidades villorrio
    asentamiento asentamientos humano humanos pueblo pueblos joven jovenes barrio barrios
    village villages town towns community communities hamlet hamlets settlement settlements
    camp camps campamento campamentos cp ccpp ccnn aahh""".split()
)

# "rural areas of X", "la sierra de X": the department, not its capital city.
RURAL_WORDS = frozenset(
    """rural rurales highlands sierra selva countryside interior campo zonas areas andes
    altoandina altoandinas altoandino altoandinos altiplano baja bajas""".split()
)

# Two-word countries and states that, right after a name, place it abroad.
FOREIGN_PAIRS = frozenset(
    {
        ("costa", "rica"), ("el", "salvador"), ("puerto", "rico"), ("new", "zealand"),
        ("reino", "unido"), ("united", "kingdom"), ("united", "states"), ("estados", "unidos"),
        ("south", "africa"), ("republica", "dominicana"), ("dominican", "republic"),
        ("new", "york"), ("new", "mexico"), ("new", "jersey"), ("north", "carolina"),
        ("south", "carolina"), ("west", "virginia"), ("nueva", "york"), ("nueva", "zelanda"),
    }
)  # fmt: skip
