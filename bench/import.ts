/**
 * How fast `dateline import-wordpress` moves a large site in, and how much memory it needs: a WordPress export
 * (WXR 1.2) of POSTS posts (default 20,000) written from the demo corpus's real English articles
 * (corpus/wikinews.jsonl) — each post one article's paragraphs with another's last paragraph as background,
 * under its categories and tags, by one of twelve authors, with approved comments and replies, a featured
 * picture and, in every third post, a picture in its text (the corpus's pictures, given as the old site's
 * uploads folder) — streamed to a temporary file, never held whole in memory. It is imported into a new SQLite
 * database by the real command in a process of its own, whose peak memory (maximum resident set) the kernel
 * reports.
 *
 *   npm run bench:import              # 20,000 posts
 *   POSTS=2000 npm run bench:import   # a quicker look
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir } from 'node:fs/promises';
import { createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { corpusArticles, corpusFolder, type CorpusArticle } from '../src/modules/demo/corpus.ts';
import { cleanup, makeTempDir, repoRoot, track } from './bench-kit.ts';

const POSTS = Number(process.env.POSTS ?? 20_000);
const SITE = 'https://news.example.org';
const PICTURES = ['astronaut.png', 'hubble_deep_field.jpg', 'rocket.jpg'];
const AUTHORS = ['Amina Diallo', 'Ben Okafor', 'Carla Mendes', 'Dmitri Volkov', 'Eva Lindqvist', 'Farid Haddad', 'Grace Liu', 'Hugo Martin', 'Ines Duarte', 'Jonas Weber', 'Keiko Sato', 'Liam Byrne'];

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/gu, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

function slugOf(text: string, id: number): string {
  return `${text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/gu, '-').replace(/^-|-$/gu, '').slice(0, 60)}-${id}`;
}

function wpDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function loginOf(name: string): string {
  return name.toLowerCase().replace(/[^a-z]+/gu, '.');
}

function head(): string {
  const authors = AUTHORS.map(
    (name, n) =>
      `<wp:author><wp:author_id>${n + 1}</wp:author_id><wp:author_login>${cdata(loginOf(name))}</wp:author_login><wp:author_email>${cdata(`${loginOf(name)}@news.example.org`)}</wp:author_email><wp:author_display_name>${cdata(name)}</wp:author_display_name></wp:author>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>The Example News</title>
<link>${SITE}</link>
<language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${SITE}</wp:base_site_url>
<wp:base_blog_url>${SITE}</wp:base_blog_url>
${authors}
`;
}

function pictureUrl(n: number): string {
  return `${SITE}/wp-content/uploads/2019/04/${PICTURES[n % PICTURES.length]}`;
}

/** The uploads, listed once as attachments: WordPress exports them as items of their own. */
function attachments(): string {
  return PICTURES.map(
    (file, n) => `<item><title>${cdata(file)}</title><link>${SITE}/?attachment_id=${n + 1}</link><dc:creator>${cdata(loginOf(AUTHORS[0]!))}</dc:creator>
<content:encoded>${cdata('')}</content:encoded><excerpt:encoded>${cdata(`Picture ${n + 1} of the archive`)}</excerpt:encoded>
<wp:post_id>${n + 1}</wp:post_id><wp:post_date>${cdata('2019-04-01 09:00:00')}</wp:post_date><wp:post_date_gmt>${cdata('2019-04-01 09:00:00')}</wp:post_date_gmt>
<wp:post_name>${cdata(file.replace(/\.\w+$/u, ''))}</wp:post_name><wp:status>${cdata('inherit')}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>${cdata('attachment')}</wp:post_type><wp:post_password>${cdata('')}</wp:post_password>
<wp:attachment_url>${cdata(pictureUrl(n))}</wp:attachment_url>
<wp:postmeta><wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key><wp:meta_value>${cdata(`A picture from the archive (${file})`)}</wp:meta_value></wp:postmeta>
</item>
`,
  ).join('');
}

function comments(n: number, articles: readonly CorpusArticle[], publishedMs: number): string {
  const count = n % 5;
  let xml = '';
  for (let c = 0; c < count; c++) {
    const source = articles[(n * 13 + c * 7) % articles.length]!;
    const words = source.paragraphs[c % source.paragraphs.length] ?? source.title;
    const id = n * 10 + c + 1;
    const isReply = c === 2;
    xml += `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${cdata(`Reader ${(n + c) % 97}`)}</wp:comment_author><wp:comment_author_email>${cdata(`reader${(n + c) % 97}@mail.example`)}</wp:comment_author_email>
<wp:comment_date>${cdata(wpDate(publishedMs + (c + 1) * 3_600_000))}</wp:comment_date><wp:comment_date_gmt>${cdata(wpDate(publishedMs + (c + 1) * 3_600_000))}</wp:comment_date_gmt>
<wp:comment_content>${cdata(`I read this with interest. ${words}`)}</wp:comment_content><wp:comment_approved>${cdata(c === 3 ? '0' : '1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>${isReply ? id - 2 : 0}</wp:comment_parent></wp:comment>
`;
  }
  return xml;
}

function post(n: number, articles: readonly CorpusArticle[]): string {
  const article = articles[n % articles.length]!;
  const background = articles[(n * 7 + 3) % articles.length]!;
  const id = 100_000 + n;
  const round = Math.floor(n / articles.length);
  const title = round === 0 ? article.title : `${article.title} (${round + 1})`;
  const slug = slugOf(article.title, id);
  const dated = Date.parse(article.date ?? '2010-01-01') || Date.parse('2010-01-01');
  const publishedMs = dated + (n % 86_400) * 1000;
  const when = new Date(publishedMs);
  const link = `${SITE}/${when.getUTCFullYear()}/${String(when.getUTCMonth() + 1).padStart(2, '0')}/${String(when.getUTCDate()).padStart(2, '0')}/${slug}/`;
  const inline = n % 3 === 0 ? `<figure><img src="${escapeXml(pictureUrl(n + 1))}" alt="" /><figcaption>From the archive</figcaption></figure>\n` : '';
  const paragraphs = article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`);
  const html = [paragraphs[0] ?? '', inline, ...paragraphs.slice(1), '<h2>Background</h2>', `<p>${escapeXml(background.paragraphs.at(-1) ?? background.title)}</p>`].join('\n');
  const [section = 'World', ...others] = article.categories.length > 0 ? article.categories : ['World'];
  const terms = [
    `<category domain="category" nicename="${escapeXml(slugOf(section, 0).replace(/-0$/u, ''))}">${cdata(section)}</category>`,
    ...others.slice(0, 3).map((t) => `<category domain="post_tag" nicename="${escapeXml(slugOf(t, 0).replace(/-0$/u, ''))}">${cdata(t)}</category>`),
    `<category domain="post_tag" nicename="archive-${n % 40}">${cdata(`Archive ${n % 40}`)}</category>`,
  ].join('');
  return `<item><title>${cdata(title)}</title><link>${escapeXml(link)}</link><pubDate>${when.toUTCString()}</pubDate><dc:creator>${cdata(loginOf(AUTHORS[n % AUTHORS.length]!))}</dc:creator>
<guid isPermaLink="false">${SITE}/?p=${id}</guid><content:encoded>${cdata(html)}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date>${cdata(wpDate(publishedMs))}</wp:post_date><wp:post_date_gmt>${cdata(wpDate(publishedMs))}</wp:post_date_gmt>
<wp:comment_status>${cdata('open')}</wp:comment_status><wp:post_name>${cdata(slug)}</wp:post_name><wp:status>${cdata('publish')}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>${cdata('post')}</wp:post_type><wp:post_password>${cdata('')}</wp:post_password>
${terms}
<wp:postmeta><wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>${cdata(String((n % PICTURES.length) + 1))}</wp:meta_value></wp:postmeta>
${comments(n, articles, publishedMs)}</item>
`;
}

/** Writes the export post by post, waiting for the file to take each: only one post is ever in memory. */
async function writeExport(file: string): Promise<number> {
  const articles = corpusArticles().filter((a) => a.lang === 'en' && a.paragraphs.length > 0);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(head());
  await write(attachments());
  for (let n = 0; n < POSTS; n++) await write(post(n, articles));
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  return articles.length;
}

/** The old site's uploads folder, holding the corpus's pictures at the paths of their addresses. */
async function uploadsFolder(dir: string): Promise<string> {
  const uploads = path.join(dir, 'uploads');
  await mkdir(path.join(uploads, '2019/04'), { recursive: true });
  for (const file of PICTURES) await copyFile(new URL(`images/${file}`, corpusFolder), path.join(uploads, '2019/04', file));
  return uploads;
}

async function main(): Promise<void> {
  const dir = await makeTempDir('dateline-bench-import-');
  const file = path.join(dir, 'export.xml');
  const distinct = await writeExport(file);
  const uploads = await uploadsFolder(dir);
  const databaseUrl = `sqlite:${path.join(dir, 'site.db')}`;
  console.log(`export: ${POSTS} posts from ${distinct} corpus articles, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
  const env = { ...process.env, DATELINE_RUN_SOURCES: '1' };
  const migrate = track(spawn(process.execPath, ['bin/dateline.js', 'migrate', '--database-url', databaseUrl], { cwd: repoRoot, env }), 'migrate');
  await once(migrate.child, 'exit');
  // --create-staff needs an owner: the authors' accounts must not close first-run setup.
  const owner = track(spawn(process.execPath, ['bin/dateline.js', 'user', 'add', '--email', 'owner@news.example.org', '--role', 'owner', '--database-url', databaseUrl], { cwd: repoRoot, env }), 'owner');
  await once(owner.child, 'exit');
  // GNU time reports the import process's own peak memory, not this script's.
  const run = track(spawn('/usr/bin/time', ['-f', 'peak-rss-kb %M wall-s %e', process.execPath, 'bin/dateline.js', 'import-wordpress', file, '--database-url', databaseUrl, '--no-fetch', '--media-dir', uploads, '--create-staff'], { cwd: repoRoot, env }), 'import');
  const [code] = (await once(run.child, 'exit')) as [number | null];
  const output = run.output();
  const summary = output.split('\n').find((l) => l.startsWith(`${file}:`)) ?? '';
  const peak = /peak-rss-kb (\d+)/u.exec(output)?.[1];
  if (code !== 0 || !peak) throw new Error(`the import failed (${code}):\n${output.slice(-2000)}`);
  console.log(summary.replace(`${file}: `, 'import: '));
  console.log(`peak memory of the import process: ${(Number(peak) / 1024).toFixed(0)} MB; the whole command took ${/wall-s ([\d.]+)/u.exec(output)?.[1] ?? '?'} s`);
}

try {
  await main();
} finally {
  await cleanup();
}
