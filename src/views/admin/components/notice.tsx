import type { NoticeView } from '../admin-view-models.ts';

/** A confirmation after a change, announced politely; a one-time secret is set apart for copying. */
export function Notice({ notice }: { notice: NoticeView }) {
  return (
    <div class="notice" role="status">
      <p>{notice.text}</p>
      {notice.secret ? (
        <div class="notice-secret">
          <p>
            {notice.secret.label}: <code class="secret">{notice.secret.value}</code>
          </p>
          <p>{notice.secret.note}</p>
        </div>
      ) : null}
    </div>
  );
}
