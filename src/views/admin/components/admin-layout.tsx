import type { ComponentChildren } from 'preact';
import type { AdminFrame, PageHead } from '../admin-view-models.ts';

/**
 * The newsroom's frame: a skip link, the sections the viewer's role may use, who is signed in and
 * a sign-out button, then the page in `<main>`. Every page works with forms and links alone; a page may
 * add script islands (`head.scriptHrefs`, same-origin files: the CSP forbids inline scripts) that enhance it.
 */
export function AdminLayout({ frame, head, children }: { frame: AdminFrame; head: PageHead; children: ComponentChildren }) {
  return (
    <html lang={frame.language} dir={frame.direction}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="csrf-token" content={frame.csrfToken} />
        <title>{head.title}</title>
        <link rel="stylesheet" href={frame.stylesheetHref} />
        {(head.scriptHrefs ?? []).map((href) => (
          <script src={href} defer />
        ))}
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          {frame.text.skipToContent}
        </a>
        <header class="admin-header">
          <a class="admin-brand" href={frame.homeHref}>
            {frame.siteName}
          </a>
          {frame.navigation.length > 0 ? (
            <nav class="admin-nav" aria-label={frame.text.mainNavigation}>
              <ul>
                {frame.navigation.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.isCurrent ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {frame.quickLinks.length > 0 ? (
            <p class="admin-quick-links">
              {frame.quickLinks.map((link) => (
                <a href={link.href} class={link.isPrimary ? 'button button-small' : 'quick-link'}>
                  {link.label}
                </a>
              ))}
            </p>
          ) : null}
          {frame.account ? (
            <nav class="admin-account" aria-label={frame.text.accountNavigation}>
              <p>{frame.account.signedInAs}</p>
              <a href={frame.account.accountHref}>{frame.account.accountLabel}</a>
              <a href={frame.account.passwordHref}>{frame.account.passwordLabel}</a>
              <form method="post" action={frame.account.signOutAction}>
                <input type="hidden" name="_csrf" value={frame.csrfToken} />
                <button type="submit" class="button-link">
                  {frame.account.signOutLabel}
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main" class="admin-main" tabindex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
