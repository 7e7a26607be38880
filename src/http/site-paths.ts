/** Every reader URL is built here, so links and routes cannot drift apart. */
export const sitePaths = {
  home: (edition: string) => `/${edition}/`,
  story: (edition: string, code: number, slug: string) => `/${edition}/news/${code}/${encodeURIComponent(slug)}`,
  section: (edition: string, slug: string) => `/${edition}/section/${encodeURIComponent(slug)}`,
  tag: (edition: string, slug: string) => `/${edition}/tag/${encodeURIComponent(slug)}`,
  archiveDay: (edition: string, day: string) => `/${edition}/archive/${day.replaceAll('-', '/')}`,
  withPage: (path: string, page: number) => (page <= 1 ? path : `${path}?page=${page}`),
};
