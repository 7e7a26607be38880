/** Why a comment post ended as it did; carried in `?comment=` after a form POST so a cached page can show it. */
export const commentOutcomes = ['published', 'pending', 'closed', 'expired', 'too-fast', 'refused', 'rate-limited', 'name', 'email', 'empty', 'too-long', 'duplicate', 'links', 'parent'] as const;
export type CommentOutcome = (typeof commentOutcomes)[number];

/** The words of the story page's comment section. */
export interface CommentStrings {
  closed: string;
  none: string;
  formHeading: string;
  name: string;
  email: string;
  emailHint: string;
  body: string;
  /** The hidden field's label, read only by screen readers that ignore `hidden` (there are none) and bots. */
  honeypot: string;
  send: string;
  reply: string;
  replyTo: (name: string) => string;
  charactersLeft: (count: number) => string;
  newestFirst: string;
  oldestFirst: string;
  newerComments: string;
  olderComments: string;
  pages: string;
  edited: string;
  /** The script's message when a post never reached the site. */
  failed: string;
  /** Labels a refused post's text given back when comments have closed meanwhile. */
  unsent: string;
  /**
   * A post the site could not take because its database did not answer: the page that gives the form back
   * (its title, the line saying the text is kept, the reason above the form, the way back to the story);
   * the reason alone answers the script.
   */
  notSent: { title: string; kept: string; reason: string; backToStory: string };
  outcomes: Record<CommentOutcome, string>;
}

/** Every word the reader site prints that is not content. One object per language; no code branches on language. */
export interface UiStrings {
  siteName: string;
  skipToContent: string;
  mainNavigation: string;
  home: string;
  latestStories: string;
  leadStory: string;
  storyCode: string;
  relatedStories: string;
  featuredStories: string;
  comments: string;
  commentCount: (count: number) => string;
  commenting: CommentStrings;
  sectionHeading: (name: string) => string;
  tagHeading: (name: string) => string;
  archiveHeading: (day: string) => string;
  nothingHere: string;
  newerStories: string;
  olderStories: string;
  pageOf: (page: number) => string;
  pagination: string;
  notFoundTitle: string;
  notFoundText: string;
  errorTitle: string;
  badRequestTitle: string;
  pageNumberInvalid: string;
  errorText: string;
  by: string;
  source: string;
  /** Before a picture's credit: "Photo: Ana Ruiz". */
  photoCredit: string;
  editions: string;
  /** The search form in every page's header and the search page (issue 5). */
  searchLabel: string;
  searchButton: string;
  searchHeading: string;
  searchResultsHeading: (query: string) => string;
  searchResultCount: (count: number) => string;
  /** More stories match than were counted. */
  searchResultCountOver: (count: number) => string;
  searchNoResults: string;
  searchEmptyText: string;
  searchTips: string[];
  searchNoWords: string;
  searchTruncated: (words: number) => string;
  searchFilters: string;
  searchSection: string;
  searchAnySection: string;
  searchFrom: string;
  searchTo: string;
  searchSort: string;
  searchSortRelevance: string;
  searchSortDate: string;
  searchTag: string;
  searchAuthor: string;
  searchPage: string;
  searchProblemsIntro: string;
  searchInvalidDate: (label: string, value: string) => string;
  searchUnknownFilter: (label: string, value: string) => string;
  searchInvalidValue: (label: string, value: string) => string;
  searchDateRange: string;
  searchResults: string;
  /** Corrections and updates on the story page, and the edition's corrections page (issue 3, §5). */
  storyNotes: string;
  noteCorrection: string;
  noteUpdate: string;
  /** Before the instant of the story's latest update, in the dateline. */
  updated: string;
  correctionsHeading: string;
  correctionsIntro: string;
  noCorrections: string;
  allCorrections: string;
  /** The home page's second tier, under the lead story. */
  topStories: string;
  /** The link under a section's block on the home page. */
  moreIn: (section: string) => string;
  /** The story page's share links: a heading, and the e-mail link's text (the other links name their sites). */
  share: string;
  shareByEmail: string;
  /** The story page's trail from the home page through its section. */
  breadcrumb: string;
  /** The footer's link to the edition's feed. */
  feed: string;
}

const en: UiStrings = {
  searchLabel: 'Search stories',
  searchButton: 'Search',
  searchHeading: 'Search',
  searchResultsHeading: (query) => `Results for “${query}”`,
  searchResultCount: (n) => (n === 1 ? '1 story found' : `${n} stories found`),
  searchResultCountOver: (n) => `More than ${n.toLocaleString('en')} stories found`,
  searchNoResults: 'No published story matches your search. Try fewer or other words, or remove a filter.',
  searchEmptyText: 'Type one or more words to find stories.',
  searchTips: [
    'Put words in quotation marks to find an exact phrase: "air force".',
    'The last word also finds longer words that begin with it.',
    'Narrow the results by section or by date.',
  ],
  searchNoWords: 'Your search has no words we can look for. Use letters or numbers.',
  searchTruncated: (n) => `Only the first ${n} words of your search were used.`,
  searchFilters: 'Filters',
  searchSection: 'Section',
  searchAnySection: 'All sections',
  searchFrom: 'From',
  searchTo: 'To',
  searchSort: 'Sort by',
  searchSortRelevance: 'Relevance',
  searchSortDate: 'Newest first',
  searchTag: 'Tag',
  searchAuthor: 'Author',
  searchPage: 'Page',
  searchProblemsIntro: 'Please check your search:',
  searchInvalidDate: (label, value) => `${label}: “${value}” is not a date. Use the form YYYY-MM-DD.`,
  searchUnknownFilter: (label, value) => `${label}: “${value}” does not exist in this edition.`,
  searchInvalidValue: (label, value) => `${label}: “${value}” is not a valid choice.`,
  searchDateRange: '“To” is before “From”.',
  searchResults: 'Search results',
  badRequestTitle: 'This address does not work',
  pageNumberInvalid: 'The page number must be a whole number from 1 up.',
  siteName: 'Dateline',
  skipToContent: 'Skip to content',
  mainNavigation: 'Main',
  home: 'Home',
  latestStories: 'Latest Stories',
  leadStory: 'Lead story',
  storyCode: 'Story Code',
  relatedStories: 'Related Stories',
  featuredStories: 'Featured Stories',
  comments: 'Comments',
  commentCount: (n) => (n === 1 ? '1 comment' : `${n} comments`),
  commenting: {
    closed: 'Comments on this story are closed.',
    none: 'No comments yet.',
    formHeading: 'Add a comment',
    name: 'Name',
    email: 'Email',
    emailHint: 'Never shown on the site.',
    body: 'Comment',
    honeypot: 'Leave this field empty',
    send: 'Send comment',
    reply: 'Reply',
    replyTo: (name) => `Reply to ${name}`,
    charactersLeft: (n) => (n === 1 ? '1 character left' : `${n} characters left`),
    newestFirst: 'Newest first',
    oldestFirst: 'Oldest first',
    newerComments: 'Newer comments',
    olderComments: 'Older comments',
    pages: 'Comment pages',
    edited: 'edited',
    failed: 'Your comment could not be sent: check your connection and try again.',
    unsent: 'Your comment, not sent: copy it to keep it',
    notSent: {
      title: 'Your comment has not been sent',
      kept: 'What you wrote is kept in the form below.',
      reason: 'The site cannot save comments just now: please send yours again in a minute.',
      backToStory: 'Back to the story',
    },
    outcomes: {
      'published': 'Thank you: your comment is published.',
      'pending': 'Thank you: your comment will appear once a moderator has approved it.',
      'closed': 'Comments on this story are closed.',
      'expired': 'The form had expired: please send your comment again.',
      'too-fast': 'That was quick: please check your comment and send it again.',
      'refused': 'Your comment could not be accepted.',
      'rate-limited': 'You are commenting too fast: wait a minute and try again.',
      'name': 'Enter your name.',
      'email': 'Enter an email address like name@example.org.',
      'empty': 'Write a comment before sending it.',
      'too-long': 'Your comment is too long.',
      'duplicate': 'You have already posted this comment.',
      'links': 'Your comment has too many links.',
      'parent': 'The comment you replied to is not there.',
    },
  },
  sectionHeading: (name) => name,
  tagHeading: (name) => `Stories tagged “${name}”`,
  archiveHeading: (day) => `Stories of ${day}`,
  nothingHere: 'There are no stories here yet.',
  newerStories: 'Newer stories',
  olderStories: 'Older stories',
  pageOf: (page) => `Page ${page}`,
  pagination: 'Pages',
  notFoundTitle: 'Page not found',
  notFoundText: 'We could not find that page. It may have moved, or the address may be mistyped.',
  errorTitle: 'Something went wrong',
  errorText: 'We could not show this page just now. Please try again in a moment.',
  by: 'By',
  source: 'Source',
  photoCredit: 'Photo',
  editions: 'Editions',
  storyNotes: 'Corrections and updates',
  noteCorrection: 'Correction',
  noteUpdate: 'Update',
  updated: 'Updated',
  correctionsHeading: 'Corrections',
  correctionsIntro: 'When we get something wrong, we correct it and say so here. Newest corrections first.',
  noCorrections: 'There are no corrections.',
  allCorrections: 'All corrections',
  topStories: 'Top stories',
  moreIn: (s) => `More in ${s}`,
  share: 'Share this story',
  shareByEmail: 'Email',
  breadcrumb: 'Breadcrumb',
  feed: 'RSS feed',
};

const es: UiStrings = {
  ...en,
  searchLabel: 'Buscar noticias',
  searchButton: 'Buscar',
  searchHeading: 'Búsqueda',
  searchResultsHeading: (query) => `Resultados para «${query}»`,
  searchResultCount: (n) => (n === 1 ? '1 noticia encontrada' : `${n} noticias encontradas`),
  searchResultCountOver: (n) => `Más de ${n.toLocaleString('es')} noticias encontradas`,
  searchNoResults: 'Ninguna noticia publicada coincide con su búsqueda. Pruebe con menos palabras u otras, o quite un filtro.',
  searchEmptyText: 'Escriba una o más palabras para encontrar noticias.',
  searchTips: [
    'Ponga palabras entre comillas para buscar una frase exacta: "fuerza aérea".',
    'La última palabra también encuentra palabras más largas que empiezan por ella.',
    'Acote los resultados por sección o por fecha.',
  ],
  searchNoWords: 'Su búsqueda no tiene palabras que podamos buscar. Use letras o números.',
  searchTruncated: (n) => `Solo se usaron las primeras ${n} palabras de su búsqueda.`,
  searchFilters: 'Filtros',
  searchSection: 'Sección',
  searchAnySection: 'Todas las secciones',
  searchFrom: 'Desde',
  searchTo: 'Hasta',
  searchSort: 'Ordenar por',
  searchSortRelevance: 'Relevancia',
  searchSortDate: 'Más recientes',
  searchTag: 'Etiqueta',
  searchAuthor: 'Autor',
  searchPage: 'Página',
  searchProblemsIntro: 'Revise su búsqueda:',
  searchInvalidDate: (label, value) => `${label}: «${value}» no es una fecha. Use el formato AAAA-MM-DD.`,
  searchUnknownFilter: (label, value) => `${label}: «${value}» no existe en esta edición.`,
  searchInvalidValue: (label, value) => `${label}: «${value}» no es una opción válida.`,
  searchDateRange: '«Hasta» es anterior a «Desde».',
  searchResults: 'Resultados de la búsqueda',
  badRequestTitle: 'Esta dirección no funciona',
  pageNumberInvalid: 'El número de página debe ser un número entero desde 1.',
  skipToContent: 'Saltar al contenido',
  mainNavigation: 'Principal',
  home: 'Portada',
  latestStories: 'Últimas noticias',
  leadStory: 'Noticia principal',
  storyCode: 'Código de noticia',
  relatedStories: 'Noticias relacionadas',
  featuredStories: 'Noticias destacadas',
  comments: 'Comentarios',
  commentCount: (n) => (n === 1 ? '1 comentario' : `${n} comentarios`),
  commenting: {
    closed: 'Los comentarios de esta noticia están cerrados.',
    none: 'Todavía no hay comentarios.',
    formHeading: 'Escribe un comentario',
    name: 'Nombre',
    email: 'Correo electrónico',
    emailHint: 'Nunca se muestra en el sitio.',
    body: 'Comentario',
    honeypot: 'Deja este campo vacío',
    send: 'Enviar comentario',
    reply: 'Responder',
    replyTo: (name) => `Responder a ${name}`,
    charactersLeft: (n) => (n === 1 ? 'Queda 1 carácter' : `Quedan ${n} caracteres`),
    newestFirst: 'Más recientes primero',
    oldestFirst: 'Más antiguos primero',
    newerComments: 'Comentarios más recientes',
    olderComments: 'Comentarios anteriores',
    pages: 'Páginas de comentarios',
    edited: 'editado',
    failed: 'No se pudo enviar tu comentario: revisa tu conexión e inténtalo de nuevo.',
    unsent: 'Tu comentario, sin enviar: cópialo para conservarlo',
    notSent: {
      title: 'Tu comentario no se ha enviado',
      kept: 'Lo que escribiste sigue en el formulario de abajo.',
      reason: 'El sitio no puede guardar comentarios en este momento: vuelve a enviar el tuyo dentro de un minuto.',
      backToStory: 'Volver a la noticia',
    },
    outcomes: {
      'published': 'Gracias: tu comentario está publicado.',
      'pending': 'Gracias: tu comentario aparecerá cuando lo apruebe un moderador.',
      'closed': 'Los comentarios de esta noticia están cerrados.',
      'expired': 'El formulario había caducado: envía tu comentario de nuevo.',
      'too-fast': 'Demasiado rápido: revisa tu comentario y envíalo de nuevo.',
      'refused': 'No se ha podido aceptar tu comentario.',
      'rate-limited': 'Estás comentando demasiado rápido: espera un minuto y vuelve a intentarlo.',
      'name': 'Escribe tu nombre.',
      'email': 'Escribe un correo como nombre@example.org.',
      'empty': 'Escribe un comentario antes de enviarlo.',
      'too-long': 'Tu comentario es demasiado largo.',
      'duplicate': 'Ya has publicado este comentario.',
      'links': 'Tu comentario tiene demasiados enlaces.',
      'parent': 'El comentario al que respondes no está.',
    },
  },
  tagHeading: (name) => `Noticias con la etiqueta «${name}»`,
  archiveHeading: (day) => `Noticias del ${day}`,
  nothingHere: 'Aún no hay noticias aquí.',
  newerStories: 'Noticias más recientes',
  olderStories: 'Noticias anteriores',
  pageOf: (page) => `Página ${page}`,
  pagination: 'Páginas',
  notFoundTitle: 'Página no encontrada',
  notFoundText: 'No encontramos esa página. Puede haberse movido o la dirección puede estar mal escrita.',
  errorTitle: 'Algo salió mal',
  errorText: 'No pudimos mostrar esta página. Inténtelo de nuevo en un momento.',
  by: 'Por',
  source: 'Fuente',
  photoCredit: 'Foto',
  editions: 'Ediciones',
  storyNotes: 'Correcciones y actualizaciones',
  noteCorrection: 'Corrección',
  noteUpdate: 'Actualización',
  updated: 'Actualizado',
  correctionsHeading: 'Correcciones',
  correctionsIntro: 'Cuando nos equivocamos, lo corregimos y lo decimos aquí. Primero las correcciones más recientes.',
  noCorrections: 'No hay correcciones.',
  allCorrections: 'Todas las correcciones',
  topStories: 'Lo más importante',
  moreIn: (s) => `Más en ${s}`,
  share: 'Compartir esta noticia',
  shareByEmail: 'Correo electrónico',
  breadcrumb: 'Ruta de navegación',
  feed: 'Canal RSS',
};

const it: UiStrings = {
  ...en,
  searchLabel: 'Cerca notizie',
  searchButton: 'Cerca',
  searchHeading: 'Ricerca',
  searchResultsHeading: (query) => `Risultati per «${query}»`,
  searchResultCount: (n) => (n === 1 ? '1 notizia trovata' : `${n} notizie trovate`),
  searchResultCountOver: (n) => `Più di ${n.toLocaleString('it')} notizie trovate`,
  searchNoResults: 'Nessuna notizia pubblicata corrisponde alla ricerca. Prova con meno parole o con altre, oppure togli un filtro.',
  searchEmptyText: 'Scrivi una o più parole per trovare notizie.',
  searchTips: [
    'Metti le parole tra virgolette per cercare una frase esatta: "aeronautica militare".',
    'L’ultima parola trova anche parole più lunghe che iniziano così.',
    'Restringi i risultati per sezione o per data.',
  ],
  searchNoWords: 'La ricerca non contiene parole da cercare. Usa lettere o numeri.',
  searchTruncated: (n) => `Sono state usate solo le prime ${n} parole della ricerca.`,
  searchFilters: 'Filtri',
  searchSection: 'Sezione',
  searchAnySection: 'Tutte le sezioni',
  searchFrom: 'Dal',
  searchTo: 'Al',
  searchSort: 'Ordina per',
  searchSortRelevance: 'Pertinenza',
  searchSortDate: 'Più recenti',
  searchTag: 'Etichetta',
  searchAuthor: 'Autore',
  searchPage: 'Pagina',
  searchProblemsIntro: 'Controlla la ricerca:',
  searchInvalidDate: (label, value) => `${label}: «${value}» non è una data. Usa il formato AAAA-MM-GG.`,
  searchUnknownFilter: (label, value) => `${label}: «${value}» non esiste in questa edizione.`,
  searchInvalidValue: (label, value) => `${label}: «${value}» non è una scelta valida.`,
  searchDateRange: '«Al» è prima di «Dal».',
  searchResults: 'Risultati della ricerca',
  badRequestTitle: 'Questo indirizzo non funziona',
  pageNumberInvalid: 'Il numero di pagina deve essere un numero intero da 1 in su.',
  skipToContent: 'Vai al contenuto',
  mainNavigation: 'Principale',
  home: 'Prima pagina',
  latestStories: 'Ultime notizie',
  leadStory: 'Notizia principale',
  storyCode: 'Codice notizia',
  relatedStories: 'Notizie correlate',
  featuredStories: 'Notizie in evidenza',
  comments: 'Commenti',
  commentCount: (n) => (n === 1 ? '1 commento' : `${n} commenti`),
  commenting: {
    closed: 'I commenti a questo articolo sono chiusi.',
    none: 'Ancora nessun commento.',
    formHeading: 'Scrivi un commento',
    name: 'Nome',
    email: 'Email',
    emailHint: 'Non viene mai mostrata sul sito.',
    body: 'Commento',
    honeypot: 'Lascia vuoto questo campo',
    send: 'Invia commento',
    reply: 'Rispondi',
    replyTo: (name) => `Rispondi a ${name}`,
    charactersLeft: (n) => (n === 1 ? 'Resta 1 carattere' : `Restano ${n} caratteri`),
    newestFirst: 'Prima i più recenti',
    oldestFirst: 'Prima i meno recenti',
    newerComments: 'Commenti più recenti',
    olderComments: 'Commenti precedenti',
    pages: 'Pagine dei commenti',
    edited: 'modificato',
    failed: 'Non è stato possibile inviare il commento: controlla la connessione e riprova.',
    unsent: 'Il tuo commento, non inviato: copialo per conservarlo',
    notSent: {
      title: 'Il tuo commento non è stato inviato',
      kept: 'Quello che hai scritto è ancora nel modulo qui sotto.',
      reason: 'Il sito non può salvare i commenti in questo momento: invia di nuovo il tuo tra un minuto.',
      backToStory: 'Torna alla notizia',
    },
    outcomes: {
      'published': 'Grazie: il tuo commento è pubblicato.',
      'pending': 'Grazie: il tuo commento apparirà dopo l’approvazione di un moderatore.',
      'closed': 'I commenti a questo articolo sono chiusi.',
      'expired': 'Il modulo era scaduto: invia di nuovo il commento.',
      'too-fast': 'Troppo veloce: controlla il commento e invialo di nuovo.',
      'refused': 'Non è stato possibile accettare il tuo commento.',
      'rate-limited': 'Stai commentando troppo in fretta: aspetta un minuto e riprova.',
      'name': 'Scrivi il tuo nome.',
      'email': 'Scrivi un indirizzo email come nome@example.org.',
      'empty': 'Scrivi un commento prima di inviarlo.',
      'too-long': 'Il commento è troppo lungo.',
      'duplicate': 'Hai già pubblicato questo commento.',
      'links': 'Il commento contiene troppi link.',
      'parent': 'Il commento a cui rispondi non c’è.',
    },
  },
  tagHeading: (name) => `Notizie con l’etichetta «${name}»`,
  archiveHeading: (day) => `Notizie del ${day}`,
  nothingHere: 'Non ci sono ancora notizie qui.',
  newerStories: 'Notizie più recenti',
  olderStories: 'Notizie precedenti',
  pageOf: (page) => `Pagina ${page}`,
  pagination: 'Pagine',
  notFoundTitle: 'Pagina non trovata',
  notFoundText: 'Non abbiamo trovato questa pagina. Potrebbe essere stata spostata o l’indirizzo è errato.',
  errorTitle: 'Qualcosa è andato storto',
  errorText: 'Non possiamo mostrare questa pagina ora. Riprova tra poco.',
  by: 'Di',
  source: 'Fonte',
  photoCredit: 'Foto',
  editions: 'Edizioni',
  storyNotes: 'Correzioni e aggiornamenti',
  noteCorrection: 'Correzione',
  noteUpdate: 'Aggiornamento',
  updated: 'Aggiornato',
  correctionsHeading: 'Correzioni',
  correctionsIntro: 'Quando sbagliamo, correggiamo e lo diciamo qui. Prima le correzioni più recenti.',
  noCorrections: 'Non ci sono correzioni.',
  allCorrections: 'Tutte le correzioni',
  topStories: 'Primo piano',
  moreIn: (s) => `Altro in ${s}`,
  share: 'Condividi questa notizia',
  shareByEmail: 'E-mail',
  breadcrumb: 'Percorso di navigazione',
  feed: 'Feed RSS',
};

const nl: UiStrings = {
  ...en,
  searchLabel: 'Zoek artikelen',
  searchButton: 'Zoeken',
  searchHeading: 'Zoeken',
  searchResultsHeading: (query) => `Resultaten voor ‘${query}’`,
  searchResultCount: (n) => (n === 1 ? '1 artikel gevonden' : `${n} artikelen gevonden`),
  searchResultCountOver: (n) => `Meer dan ${n.toLocaleString('nl')} artikelen gevonden`,
  searchNoResults: 'Geen gepubliceerd artikel past bij uw zoekopdracht. Probeer minder of andere woorden, of haal een filter weg.',
  searchEmptyText: 'Typ een of meer woorden om artikelen te vinden.',
  searchTips: [
    'Zet woorden tussen aanhalingstekens om een exacte woordgroep te vinden: "luchtmacht basis".',
    'Het laatste woord vindt ook langere woorden die zo beginnen.',
    'Beperk de resultaten tot een rubriek of een periode.',
  ],
  searchNoWords: 'Uw zoekopdracht bevat geen woorden om naar te zoeken. Gebruik letters of cijfers.',
  searchTruncated: (n) => `Alleen de eerste ${n} woorden van uw zoekopdracht zijn gebruikt.`,
  searchFilters: 'Filters',
  searchSection: 'Rubriek',
  searchAnySection: 'Alle rubrieken',
  searchFrom: 'Van',
  searchTo: 'Tot en met',
  searchSort: 'Sorteren op',
  searchSortRelevance: 'Relevantie',
  searchSortDate: 'Nieuwste eerst',
  searchTag: 'Label',
  searchAuthor: 'Auteur',
  searchPage: 'Pagina',
  searchProblemsIntro: 'Controleer uw zoekopdracht:',
  searchInvalidDate: (label, value) => `${label}: ‘${value}’ is geen datum. Gebruik de vorm JJJJ-MM-DD.`,
  searchUnknownFilter: (label, value) => `${label}: ‘${value}’ bestaat niet in deze editie.`,
  searchInvalidValue: (label, value) => `${label}: ‘${value}’ is geen geldige keuze.`,
  searchDateRange: '‘Tot en met’ ligt vóór ‘Van’.',
  searchResults: 'Zoekresultaten',
  badRequestTitle: 'Dit adres werkt niet',
  pageNumberInvalid: 'Het paginanummer moet een geheel getal vanaf 1 zijn.',
  skipToContent: 'Naar de inhoud',
  mainNavigation: 'Hoofdmenu',
  home: 'Voorpagina',
  latestStories: 'Laatste nieuws',
  leadStory: 'Hoofdverhaal',
  storyCode: 'Artikelcode',
  relatedStories: 'Gerelateerde artikelen',
  featuredStories: 'Uitgelichte artikelen',
  comments: 'Reacties',
  commentCount: (n) => (n === 1 ? '1 reactie' : `${n} reacties`),
  commenting: {
    closed: 'Reageren op dit artikel is gesloten.',
    none: 'Nog geen reacties.',
    formHeading: 'Schrijf een reactie',
    name: 'Naam',
    email: 'E-mail',
    emailHint: 'Wordt nooit op de site getoond.',
    body: 'Reactie',
    honeypot: 'Laat dit veld leeg',
    send: 'Reactie versturen',
    reply: 'Beantwoorden',
    replyTo: (name) => `Antwoord aan ${name}`,
    charactersLeft: (n) => (n === 1 ? 'Nog 1 teken' : `Nog ${n} tekens`),
    newestFirst: 'Nieuwste eerst',
    oldestFirst: 'Oudste eerst',
    newerComments: 'Nieuwere reacties',
    olderComments: 'Oudere reacties',
    pages: 'Pagina’s met reacties',
    edited: 'bewerkt',
    failed: 'Je reactie kon niet worden verstuurd: controleer je verbinding en probeer het opnieuw.',
    unsent: 'Je reactie, niet verstuurd: kopieer hem om hem te bewaren',
    notSent: {
      title: 'Je reactie is niet verstuurd',
      kept: 'Wat je schreef staat nog in het formulier hieronder.',
      reason: 'De site kan op dit moment geen reacties opslaan: verstuur de jouwe over een minuut opnieuw.',
      backToStory: 'Terug naar het artikel',
    },
    outcomes: {
      'published': 'Bedankt: je reactie staat online.',
      'pending': 'Bedankt: je reactie verschijnt zodra een moderator haar heeft goedgekeurd.',
      'closed': 'Reageren op dit artikel is gesloten.',
      'expired': 'Het formulier was verlopen: verstuur je reactie opnieuw.',
      'too-fast': 'Dat ging snel: controleer je reactie en verstuur haar opnieuw.',
      'refused': 'Je reactie kon niet worden geaccepteerd.',
      'rate-limited': 'Je reageert te snel: wacht een minuut en probeer het opnieuw.',
      'name': 'Vul je naam in.',
      'email': 'Vul een e-mailadres in zoals naam@example.org.',
      'empty': 'Schrijf een reactie voordat je verstuurt.',
      'too-long': 'Je reactie is te lang.',
      'duplicate': 'Deze reactie heb je al geplaatst.',
      'links': 'Je reactie bevat te veel links.',
      'parent': 'De reactie waarop je antwoordt bestaat niet.',
    },
  },
  tagHeading: (name) => `Artikelen met het label ‘${name}’`,
  archiveHeading: (day) => `Artikelen van ${day}`,
  nothingHere: 'Hier staan nog geen artikelen.',
  newerStories: 'Nieuwere artikelen',
  olderStories: 'Oudere artikelen',
  pageOf: (page) => `Pagina ${page}`,
  pagination: 'Pagina’s',
  notFoundTitle: 'Pagina niet gevonden',
  notFoundText: 'We konden deze pagina niet vinden. Misschien is ze verplaatst of is het adres verkeerd getypt.',
  errorTitle: 'Er ging iets mis',
  errorText: 'We konden deze pagina nu niet tonen. Probeer het zo opnieuw.',
  by: 'Door',
  source: 'Bron',
  photoCredit: 'Foto',
  editions: 'Edities',
  storyNotes: 'Correcties en updates',
  noteCorrection: 'Correctie',
  noteUpdate: 'Update',
  updated: 'Bijgewerkt',
  correctionsHeading: 'Correcties',
  correctionsIntro: 'Als we iets fout hebben, verbeteren we het en melden we dat hier. De nieuwste correcties eerst.',
  noCorrections: 'Er zijn geen correcties.',
  allCorrections: 'Alle correcties',
  topStories: 'Belangrijkste nieuws',
  moreIn: (s) => `Meer in ${s}`,
  share: 'Deel dit artikel',
  shareByEmail: 'E-mail',
  breadcrumb: 'Kruimelpad',
  feed: 'RSS-feed',
};

const fa: UiStrings = {
  ...en,
  searchLabel: 'جست‌وجوی خبرها',
  searchButton: 'جست‌وجو',
  searchHeading: 'جست‌وجو',
  searchResultsHeading: (query) => `نتیجه‌های «${query}»`,
  searchResultCount: (n) => `${n.toLocaleString('fa')} خبر پیدا شد`,
  searchResultCountOver: (n) => `بیش از ${n.toLocaleString('fa')} خبر پیدا شد`,
  searchNoResults: 'هیچ خبر منتشرشده‌ای با جست‌وجوی شما جور نیست. واژه‌های کمتر یا دیگری را امتحان کنید یا یک فیلتر را بردارید.',
  searchEmptyText: 'برای یافتن خبرها یک یا چند واژه بنویسید.',
  searchTips: [
    'برای یافتن عبارتی دقیق، واژه‌ها را در گیومه بگذارید: "نیروی هوایی".',
    'واژهٔ آخر واژه‌های بلندتری را هم که با آن آغاز می‌شوند پیدا می‌کند.',
    'نتیجه‌ها را با بخش یا تاریخ محدود کنید.',
  ],
  searchNoWords: 'در جست‌وجوی شما واژه‌ای برای یافتن نیست. از حرف یا عدد استفاده کنید.',
  searchTruncated: (n) => `فقط ${n.toLocaleString('fa')} واژهٔ نخست جست‌وجوی شما به کار رفت.`,
  searchFilters: 'فیلترها',
  searchSection: 'بخش',
  searchAnySection: 'همهٔ بخش‌ها',
  searchFrom: 'از',
  searchTo: 'تا',
  searchSort: 'ترتیب',
  searchSortRelevance: 'مرتبط‌ترین',
  searchSortDate: 'تازه‌ترین',
  searchTag: 'برچسب',
  searchAuthor: 'نویسنده',
  searchPage: 'صفحه',
  searchProblemsIntro: 'لطفاً جست‌وجوی خود را بررسی کنید:',
  searchInvalidDate: (label, value) => `${label}: «${value}» تاریخ نیست. به شکل YYYY-MM-DD بنویسید.`,
  searchUnknownFilter: (label, value) => `${label}: «${value}» در این نسخه وجود ندارد.`,
  searchInvalidValue: (label, value) => `${label}: «${value}» گزینهٔ درستی نیست.`,
  searchDateRange: '«تا» پیش از «از» است.',
  searchResults: 'نتیجه‌های جست‌وجو',
  badRequestTitle: 'این نشانی درست نیست',
  pageNumberInvalid: 'شماره صفحه باید عددی صحیح از ۱ به بالا باشد.',
  siteName: 'Dateline',
  skipToContent: 'رفتن به محتوا',
  mainNavigation: 'اصلی',
  home: 'صفحه نخست',
  latestStories: 'تازه‌ترین خبرها',
  leadStory: 'خبر اصلی',
  storyCode: 'کد خبر',
  relatedStories: 'اخبار مرتبط',
  featuredStories: 'اخبار برگزیده',
  comments: 'نظرات',
  commentCount: (n) => `${n.toLocaleString('fa')} نظر`,
  commenting: {
    closed: 'نظرات این خبر بسته شده است.',
    none: 'هنوز نظری ثبت نشده است.',
    formHeading: 'نظر خود را بنویسید',
    name: 'نام',
    email: 'ایمیل',
    emailHint: 'هرگز در سایت نمایش داده نمی\u200cشود.',
    body: 'نظر',
    honeypot: 'این فیلد را خالی بگذارید',
    send: 'ارسال نظر',
    reply: 'پاسخ',
    replyTo: (name) => `پاسخ به ${name}`,
    charactersLeft: (n) => `${n.toLocaleString('fa')} نویسه باقی مانده`,
    newestFirst: 'جدیدترین\u200cها اول',
    oldestFirst: 'قدیمی\u200cترین\u200cها اول',
    newerComments: 'نظرات جدیدتر',
    olderComments: 'نظرات قدیمی\u200cتر',
    pages: 'صفحه\u200cهای نظرات',
    edited: 'ویرایش\u200cشده',
    failed: 'نظر شما ارسال نشد: اتصال خود را بررسی کنید و دوباره تلاش کنید.',
    unsent: 'نظر شما، ارسال\u200cنشده: برای نگه داشتن آن را رونوشت کنید',
    notSent: {
      title: 'نظر شما ارسال نشد',
      kept: 'آنچه نوشتید در فرم زیر مانده است.',
      reason: 'سایت هم\u200cاکنون نمی\u200cتواند نظرها را ذخیره کند: یک دقیقهٔ دیگر دوباره بفرستید.',
      backToStory: 'بازگشت به خبر',
    },
    outcomes: {
      'published': 'سپاس: نظر شما منتشر شد.',
      'pending': 'سپاس: نظر شما پس از تأیید ناظر نمایش داده می\u200cشود.',
      'closed': 'نظرات این خبر بسته شده است.',
      'expired': 'فرم منقضی شده بود: لطفاً نظر خود را دوباره بفرستید.',
      'too-fast': 'خیلی سریع بود: نظر خود را بررسی کنید و دوباره بفرستید.',
      'refused': 'نظر شما پذیرفته نشد.',
      'rate-limited': 'خیلی سریع نظر می\u200cدهید: یک دقیقه صبر کنید و دوباره امتحان کنید.',
      'name': 'نام خود را وارد کنید.',
      'email': 'یک نشانی ایمیل مانند name@example.org وارد کنید.',
      'empty': 'پیش از ارسال، نظری بنویسید.',
      'too-long': 'نظر شما بیش از حد طولانی است.',
      'duplicate': 'این نظر را قبلاً فرستاده\u200cاید.',
      'links': 'نظر شما پیوندهای زیادی دارد.',
      'parent': 'نظری که به آن پاسخ می\u200cدهید وجود ندارد.',
    },
  },
  sectionHeading: (name) => name,
  tagHeading: (name) => `خبرهای برچسب «${name}»`,
  archiveHeading: (day) => `خبرهای ${day}`,
  nothingHere: 'هنوز خبری اینجا نیست.',
  newerStories: 'خبرهای جدیدتر',
  olderStories: 'خبرهای قدیمی‌تر',
  pageOf: (page) => `صفحه ${page.toLocaleString('fa')}`,
  pagination: 'صفحه‌ها',
  notFoundTitle: 'صفحه پیدا نشد',
  notFoundText: 'این صفحه را پیدا نکردیم. شاید جابه‌جا شده یا نشانی اشتباه نوشته شده است.',
  errorTitle: 'مشکلی پیش آمد',
  errorText: 'اکنون نمی‌توانیم این صفحه را نشان دهیم. لطفاً کمی بعد دوباره تلاش کنید.',
  by: 'نویسنده',
  source: 'منبع',
  photoCredit: 'عکس',
  editions: 'نسخه‌ها',
  storyNotes: 'اصلاحیه‌ها و به‌روزرسانی‌ها',
  noteCorrection: 'اصلاحیه',
  noteUpdate: 'به‌روزرسانی',
  updated: 'به‌روزشده',
  correctionsHeading: 'اصلاحیه‌ها',
  correctionsIntro: 'هرگاه اشتباه کنیم، آن را اصلاح می‌کنیم و اینجا اعلام می‌کنیم. تازه‌ترین اصلاحیه‌ها نخست.',
  noCorrections: 'اصلاحیه‌ای نیست.',
  allCorrections: 'همهٔ اصلاحیه‌ها',
  topStories: 'خبرهای مهم',
  moreIn: (s) => `بیشتر در ${s}`,
  share: 'هم‌رسانی این خبر',
  shareByEmail: 'ایمیل',
  breadcrumb: 'مسیر صفحه',
  feed: 'خوراک RSS',
};

/** Latin digits, as the Arabic edition's dates print them (dateSystemFor): pinned, since CLDR's default for `ar` changed in 2024. */
const AR_NUMBERS = 'ar-u-nu-latn';

const ar: UiStrings = {
  ...fa,
  searchLabel: 'البحث في الأخبار',
  searchButton: 'بحث',
  searchHeading: 'البحث',
  searchResultsHeading: (query) => `نتائج البحث عن «${query}»`,
  searchResultCount: (n) => `${n.toLocaleString(AR_NUMBERS)} خبر`,
  searchResultCountOver: (n) => `أكثر من ${n.toLocaleString(AR_NUMBERS)} خبر`,
  searchNoResults: 'لا يوجد خبر منشور يطابق بحثك. جرّب كلمات أقل أو مختلفة، أو أزل أحد عوامل التصفية.',
  searchEmptyText: 'اكتب كلمة أو أكثر للعثور على الأخبار.',
  searchTips: [
    'ضع الكلمات بين علامتي تنصيص للبحث عن عبارة مطابقة: "القوات الجوية".',
    'الكلمة الأخيرة تجد أيضًا الكلمات الأطول التي تبدأ بها.',
    'ضيّق النتائج حسب القسم أو التاريخ.',
  ],
  searchNoWords: 'لا يحتوي بحثك على كلمات يمكن البحث عنها. استخدم حروفًا أو أرقامًا.',
  searchTruncated: (n) => `استُخدمت أول ${n.toLocaleString(AR_NUMBERS)} كلمة فقط من بحثك.`,
  searchFilters: 'التصفية',
  searchSection: 'القسم',
  searchAnySection: 'كل الأقسام',
  searchFrom: 'من',
  searchTo: 'إلى',
  searchSort: 'الترتيب',
  searchSortRelevance: 'الأكثر صلة',
  searchSortDate: 'الأحدث أولًا',
  searchTag: 'الوسم',
  searchAuthor: 'الكاتب',
  searchPage: 'الصفحة',
  searchProblemsIntro: 'يرجى مراجعة بحثك:',
  searchInvalidDate: (label, value) => `${label}: «${value}» ليس تاريخًا. استخدم الصيغة YYYY-MM-DD.`,
  searchUnknownFilter: (label, value) => `${label}: «${value}» غير موجود في هذه الطبعة.`,
  searchInvalidValue: (label, value) => `${label}: «${value}» ليس خيارًا صالحًا.`,
  searchDateRange: '«إلى» يسبق «من».',
  searchResults: 'نتائج البحث',
  badRequestTitle: 'هذا العنوان غير صالح',
  pageNumberInvalid: 'يجب أن يكون رقم الصفحة عددًا صحيحًا من ١ فما فوق.',
  skipToContent: 'انتقل إلى المحتوى',
  mainNavigation: 'الرئيسية',
  home: 'الصفحة الرئيسية',
  latestStories: 'آخر الأخبار',
  leadStory: 'الخبر الرئيسي',
  storyCode: 'رمز الخبر',
  relatedStories: 'أخبار ذات صلة',
  featuredStories: 'أخبار مختارة',
  comments: 'التعليقات',
  commentCount: (n) => `${n.toLocaleString(AR_NUMBERS)} تعليق`,
  commenting: {
    closed: 'التعليقات على هذا الخبر مغلقة.',
    none: 'لا توجد تعليقات بعد.',
    formHeading: 'أضف تعليقًا',
    name: 'الاسم',
    email: 'البريد الإلكتروني',
    emailHint: 'لا يُعرض أبدًا على الموقع.',
    body: 'التعليق',
    honeypot: 'اترك هذا الحقل فارغًا',
    send: 'أرسل التعليق',
    reply: 'رد',
    replyTo: (name) => `رد على ${name}`,
    charactersLeft: (n) => `${n.toLocaleString(AR_NUMBERS)} حرفًا متبقيًا`,
    newestFirst: 'الأحدث أولًا',
    oldestFirst: 'الأقدم أولًا',
    newerComments: 'تعليقات أحدث',
    olderComments: 'تعليقات أقدم',
    pages: 'صفحات التعليقات',
    edited: 'معدَّل',
    failed: 'تعذّر إرسال تعليقك: تحقّق من اتصالك وحاول مرة أخرى.',
    unsent: 'تعليقك، لم يُرسَل: انسخه للاحتفاظ به',
    notSent: {
      title: 'لم يُرسَل تعليقك',
      kept: 'ما كتبته باقٍ في النموذج أدناه.',
      reason: 'لا يستطيع الموقع حفظ التعليقات الآن: أعد إرسال تعليقك بعد دقيقة.',
      backToStory: 'العودة إلى الخبر',
    },
    outcomes: {
      'published': 'شكرًا: نُشر تعليقك.',
      'pending': 'شكرًا: سيظهر تعليقك بعد موافقة المشرف.',
      'closed': 'التعليقات على هذا الخبر مغلقة.',
      'expired': 'انتهت صلاحية النموذج: أرسل تعليقك مرة أخرى.',
      'too-fast': 'كان ذلك سريعًا: راجع تعليقك وأرسله مرة أخرى.',
      'refused': 'تعذّر قبول تعليقك.',
      'rate-limited': 'أنت تعلّق بسرعة كبيرة: انتظر دقيقة ثم حاول مرة أخرى.',
      'name': 'أدخل اسمك.',
      'email': 'أدخل بريدًا إلكترونيًا مثل name@example.org.',
      'empty': 'اكتب تعليقًا قبل إرساله.',
      'too-long': 'تعليقك طويل جدًا.',
      'duplicate': 'لقد نشرت هذا التعليق من قبل.',
      'links': 'يحتوي تعليقك على روابط كثيرة.',
      'parent': 'التعليق الذي ترد عليه غير موجود.',
    },
  },
  tagHeading: (name) => `أخبار الوسم «${name}»`,
  archiveHeading: (day) => `أخبار ${day}`,
  nothingHere: 'لا توجد أخبار هنا بعد.',
  newerStories: 'أخبار أحدث',
  olderStories: 'أخبار أقدم',
  pageOf: (page) => `الصفحة ${page.toLocaleString(AR_NUMBERS)}`,
  pagination: 'الصفحات',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundText: 'لم نعثر على هذه الصفحة. ربما نُقلت أو كُتب العنوان خطأً.',
  errorTitle: 'حدث خطأ',
  errorText: 'لا يمكننا عرض هذه الصفحة الآن. يرجى المحاولة بعد قليل.',
  by: 'بقلم',
  source: 'المصدر',
  photoCredit: 'صورة',
  editions: 'الطبعات',
  storyNotes: 'تصحيحات وتحديثات',
  noteCorrection: 'تصحيح',
  noteUpdate: 'تحديث',
  updated: 'آخر تحديث',
  correctionsHeading: 'التصحيحات',
  correctionsIntro: 'عندما نخطئ نصحّح الخطأ ونعلن ذلك هنا. أحدث التصحيحات أولًا.',
  noCorrections: 'لا توجد تصحيحات.',
  allCorrections: 'كل التصحيحات',
  topStories: 'أهم الأخبار',
  moreIn: (s) => `المزيد في ${s}`,
  share: 'شارك هذا الخبر',
  shareByEmail: 'البريد الإلكتروني',
  breadcrumb: 'مسار التنقل',
  feed: 'موجز RSS',
};

const byLanguage: Record<string, UiStrings> = { en, es, it, nl, fa, ar };

/** The strings for a language tag such as `fa-IR`; English where a language has none yet. */
export function uiStringsFor(language: string): UiStrings {
  const primary = language.toLowerCase().split('-')[0] ?? 'en';
  return byLanguage[primary] ?? en;
}
