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
  commentsNotOpen: string;
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
  editions: string;
}

const en: UiStrings = {
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
  commentsNotOpen: 'Comments are not open yet.',
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
  editions: 'Editions',
};

const es: UiStrings = {
  ...en,
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
  commentsNotOpen: 'Los comentarios aún no están abiertos.',
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
  editions: 'Ediciones',
};

const it: UiStrings = {
  ...en,
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
  commentsNotOpen: 'I commenti non sono ancora aperti.',
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
  editions: 'Edizioni',
};

const nl: UiStrings = {
  ...en,
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
  commentsNotOpen: 'Reageren is nog niet mogelijk.',
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
  editions: 'Edities',
};

const fa: UiStrings = {
  ...en,
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
  commentsNotOpen: 'بخش نظرات هنوز باز نشده است.',
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
  editions: 'نسخه‌ها',
};

const ar: UiStrings = {
  ...fa,
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
  commentCount: (n) => `${n.toLocaleString('ar')} تعليق`,
  commentsNotOpen: 'التعليقات غير مفتوحة بعد.',
  tagHeading: (name) => `أخبار الوسم «${name}»`,
  archiveHeading: (day) => `أخبار ${day}`,
  nothingHere: 'لا توجد أخبار هنا بعد.',
  newerStories: 'أخبار أحدث',
  olderStories: 'أخبار أقدم',
  pageOf: (page) => `الصفحة ${page.toLocaleString('ar')}`,
  pagination: 'الصفحات',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundText: 'لم نعثر على هذه الصفحة. ربما نُقلت أو كُتب العنوان خطأً.',
  errorTitle: 'حدث خطأ',
  errorText: 'لا يمكننا عرض هذه الصفحة الآن. يرجى المحاولة بعد قليل.',
  by: 'بقلم',
  source: 'المصدر',
  editions: 'الطبعات',
};

const byLanguage: Record<string, UiStrings> = { en, es, it, nl, fa, ar };

/** The strings for a language tag such as `fa-IR`; English where a language has none yet. */
export function uiStringsFor(language: string): UiStrings {
  const primary = language.toLowerCase().split('-')[0] ?? 'en';
  return byLanguage[primary] ?? en;
}
