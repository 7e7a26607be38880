import type { StoryEditorView, StoryFieldView } from '../story-view-models.ts';
import { StoryField } from './story-field.tsx';

/**
 * A body written with the story editor: a plain textarea without JavaScript, which the editor island
 * (src/admin/editor.island.ts) turns into the rich-text editor, reading the data attributes here. Stories and
 * the editions' own pages share it.
 */
export function BodyEditorField({ field, editor }: { field: StoryFieldView; editor: StoryEditorView }) {
  return (
    <div
      class="story-editor"
      data-story-editor=""
      data-doc={editor.doc}
      data-autosave-url={editor.autosaveUrl}
      data-create-url={editor.createUrl}
      data-preview-url={editor.previewUrl}
      data-live={editor.isLive ? 'true' : 'false'}
      data-strings={editor.strings}
      data-pictures={editor.pictures}
    >
      <StoryField field={field} />
    </div>
  );
}
