import type { ComponentChildren } from 'preact';
import type { HeadMeta, SiteFrame } from '../view-models.ts';

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
        <link rel="stylesheet" href={frame.stylesheetHref} />
      </head>
      <body>
        <a class="skip-link" href="#content">
          {frame.strings.skipToContent}
        </a>
        <header class="site-header">
          <a class="site-name" href={frame.homeHref}>
            {frame.siteName}
          </a>
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
          <p>{frame.siteName}</p>
        </footer>
      </body>
    </html>
  );
}
