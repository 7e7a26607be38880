import type { EditionSwitchView } from '../admin-view-models.ts';

/** The same page in each edition, the current one marked; nothing when the site has one edition. */
export function EditionSwitch({ editions }: { editions: EditionSwitchView }) {
  if (editions.items.length < 2) return null;
  return (
    <nav class="edition-switch" aria-label={editions.label}>
      <ul>
        {editions.items.map((item) => (
          <li>
            <a href={item.href} lang={item.language} aria-current={item.isCurrent ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
