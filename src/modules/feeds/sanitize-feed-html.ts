import sanitizeHtml from 'sanitize-html';

/**
 * What a story body may carry into other people's feed readers. Tags and attributes outside this list are
 * dropped (their text kept); `script` and `style` go with their contents. Schemes are limited so that no
 * `javascript:` or `data:` URL survives, whatever the stored body holds.
 */
const FEED_HTML_POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'blockquote', 'ul', 'ol', 'li', 'a', 'strong', 'em', 'figure', 'img', 'figcaption'],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

/**
 * Sanitizes rendered body HTML for feeds and makes its links absolute: a feed is read away from the site,
 * where `/en/news/1/x` would point at the reader's own host.
 * @example sanitizeFeedHtml('<p><a href="/en/">Home</a></p>', 'https://news.example') // '<p><a href="https://news.example/en/">Home</a></p>'
 */
export function sanitizeFeedHtml(html: string, baseUrl: string): string {
  return sanitizeHtml(html, {
    ...FEED_HTML_POLICY,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, 'href', baseUrl) }),
      img: (tagName, attribs) => ({ tagName, attribs: withAbsolute(attribs, 'src', baseUrl) }),
    },
  });
}

/** The attribute resolved against the base; dropped when it is not a URL at all. Schemes are checked afterwards. */
function withAbsolute(attribs: sanitizeHtml.Attributes, name: string, baseUrl: string): sanitizeHtml.Attributes {
  const value = attribs[name];
  if (value === undefined) return attribs;
  const { [name]: _dropped, ...rest } = attribs;
  try {
    return { ...rest, [name]: new URL(value, `${baseUrl}/`).toString() };
  } catch {
    return rest;
  }
}
