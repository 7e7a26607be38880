/** One operation of the API as its reference page lists it. */
export interface ApiOperationView {
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  parameters: Array<{ name: string; location: string; isRequired: boolean; type: string; description: string }>;
  responses: Array<{ status: string; description: string }>;
}

export interface ApiReferenceView {
  title: string;
  version: string;
  description: string;
  stylesheetHref: string;
  documentHref: string;
  operations: ApiOperationView[];
}

/**
 * The API's reference, made on the server from the OpenAPI document: no script and nothing from another
 * host, so it keeps the site's content security policy.
 */
export function ApiReferencePage({ view }: { view: ApiReferenceView }) {
  return (
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${view.title} ${view.version}`}</title>
        <link rel="stylesheet" href={view.stylesheetHref} />
      </head>
      <body>
        <main class="api-reference">
          <h1>
            {view.title} <small>{view.version}</small>
          </h1>
          {view.description.split('\n\n').map((paragraph) => (
            <p>{paragraph}</p>
          ))}
          <p>
            Machine-readable: <a href={view.documentHref}>the OpenAPI 3.1 document</a>.
          </p>
          <nav aria-label="Operations">
            <ul>
              {view.operations.map((op) => (
                <li>
                  <a href={`#${anchorOf(op)}`}>
                    <code>
                      {op.method} {op.path}
                    </code>
                  </a>{' '}
                  {op.summary}
                </li>
              ))}
            </ul>
          </nav>
          {view.operations.map((op) => (
            <section id={anchorOf(op)} aria-labelledby={`${anchorOf(op)}-heading`}>
              <h2 id={`${anchorOf(op)}-heading`}>
                <code>
                  {op.method} {op.path}
                </code>
              </h2>
              <p>{op.summary}</p>
              {op.description !== '' && <p>{op.description}</p>}
              {op.parameters.length > 0 && (
                <table>
                  <caption>Parameters</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">In</th>
                      <th scope="col">Type</th>
                      <th scope="col">Required</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr>
                        <td>
                          <code>{p.name}</code>
                        </td>
                        <td>{p.location}</td>
                        <td>{p.type}</td>
                        <td>{p.isRequired ? 'yes' : 'no'}</td>
                        <td>{p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>Responses</h3>
              <ul>
                {op.responses.map((r) => (
                  <li>
                    <code>{r.status}</code> {r.description}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </main>
      </body>
    </html>
  );
}

function anchorOf(op: ApiOperationView): string {
  return `${op.method}${op.path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');
}
