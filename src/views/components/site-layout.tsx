import type { ComponentChildren } from 'preact';
import { serializeJsonLd } from '../serialize-json-ld.ts';
import type { HeadMeta, SiteFrame } from '../view-models.ts';
import { ResponsivePicture } from './responsive-picture.tsx';
import { SearchForm } from './search-form.tsx';

export function SiteLayout({ frame, head, children }: { frame: SiteFrame; head: HeadMeta; children: ComponentChildren }) {
  return (
    <html lang={frame.language} dir={frame.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{head.title}</title>
        {head.description ? <meta name="description" content={head.description} /> : null}
        {head.canonicalHref ? <link rel="canonical" href={head.canonicalHref} /> : null}
        {(head.alternates ?? []).map((a) => (
          <link rel="alternate" hreflang={a.language} href={a.href} />
        ))}
        {(head.feeds ?? []).map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {frame.iconHref ? <link rel="icon" type="image/svg+xml" href={frame.iconHref} /> : null}
        <link rel="stylesheet" href={frame.stylesheetHref} />
        {(head.openGraph ?? []).map((m) => (
          <meta property={m.key} content={m.content} />
        ))}
        {(head.twitter ?? []).map((m) => (
          <meta name={m.key} content={m.content} />
        ))}
        {(head.jsonLd ?? []).map((data) => (
          // The one place the site writes raw markup. JSON-LD must be the script's literal text (the renderer
          // would escape `"` as `&quot;`, which is not JSON); serializeJsonLd escapes `<`, `>` and `&`, so no value
          // can close the element, and the page's CSP still forbids inline scripts: browsers never run this data.
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(data) }} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#content">
          {frame.strings.skipToContent}
        </a>
        <header class="site-header">
          <div class="masthead">
            {frame.tagline ? (
              <div class="site-identity">
                <SiteName frame={frame} />
                <p class="site-tagline">{frame.tagline}</p>
              </div>
            ) : (
              <SiteName frame={frame} />
            )}
            {frame.editions.length > 1 ? <EditionSwitcher frame={frame} /> : null}
            {frame.search ? <SearchForm form={frame.search} id="site-search" /> : null}
          </div>
          {frame.sections.length > 0 ? (
            <nav class="site-sections" aria-label={frame.strings.mainNavigation}>
              <ul>
                <li>
                  <a href={frame.homeHref}>{frame.strings.home}</a>
                </li>
                {frame.sections.map((s) => (
                  <li>
                    <a href={s.href}>{s.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <div id="content" class="site-content">
          {children}
        </div>
        <footer class="site-footer">
          <div class="footer-inner">
            <p class="footer-name">
              <a href={frame.homeHref}>{frame.siteName}</a>
            </p>
            <ul class="footer-links">
              {frame.footerLinks.map((link) => (
                <li>
                  <a href={link.href}>{link.label}</a>
                </li>
              ))}
              <li>
                <a href={frame.strings.correctionsHref}>{frame.strings.correctionsLabel}</a>
              </li>
              <li>
                <a href={frame.strings.feedHref} type="application/rss+xml">
                  {frame.strings.feedLabel}
                </a>
              </li>
            </ul>
            {frame.editions.length > 1 ? (
              <nav aria-label={frame.strings.editions}>
                <ul class="edition-list">
                  {frame.editions.map((e) => (
                    <li>
                      <a href={e.href} lang={e.language} hreflang={e.language} aria-current={e.isCurrent ? 'page' : undefined}>
                        {e.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The site's name linking home: the edition's logo (the name is its text), or the name in type beside the icon. */
function SiteName({ frame }: { frame: SiteFrame }) {
  if (frame.logo) {
    return (
      <a class="site-name site-name-logo" href={frame.homeHref}>
        <ResponsivePicture picture={frame.logo} class="site-logo" />
      </a>
    );
  }
  return (
    <a class="site-name" href={frame.homeHref}>
      {frame.iconHref ? <img class="site-mark" src={frame.iconHref} alt="" width={32} height={32} /> : null}
      {frame.siteName}
    </a>
  );
}

/**
 * The edition switcher: a disclosure that opens without script. Each edition's name is written in its own
 * language, so the list is marked up language by language for screen readers and fonts.
 */
function EditionSwitcher({ frame }: { frame: SiteFrame }) {
  const current = frame.editions.find((e) => e.isCurrent);
  return (
    <details class="edition-switcher">
      <summary>
        <span class="visually-hidden">{frame.strings.editions}: </span>
        {current?.label ?? frame.strings.editions}
      </summary>
      <ul>
        {frame.editions.map((e) => (
          <li>
            <a href={e.href} lang={e.language} hreflang={e.language} aria-current={e.isCurrent ? 'page' : undefined}>
              {e.label}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
