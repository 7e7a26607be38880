import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paragraph } from '../../src/content/blocks.ts';
import { commandLineActor } from '../../src/modules/accounts/account-types.ts';
import { testEngines } from '../support/engines.ts';
import { hasJava, runVnu, toolAvailable } from '../support/external-validators.ts';
import { decodeHtml } from '../support/html-text.ts';
import { photoWithGps, plainJpeg } from '../support/picture-fixtures.ts';
import { startTestSite, type TestSite } from '../support/test-site.ts';

describe.each(testEngines())('pictures on reader pages on %s', (engine) => {
  let site: TestSite;
  let storyPath: string;
  let pictureId: number;

  beforeAll(async () => {
    site = await startTestSite(engine);
    const picture = await site.services.media.add(commandLineActor, { bytes: await plainJpeg(2400, 1600), fileName: 'harbour.jpg' }, { alt: 'Fishing boats moored in the harbour', caption: 'The harbour at dawn.', credit: 'Marta Quintero' });
    pictureId = picture.id;
    const inBody = await site.services.media.add(commandLineActor, { bytes: await photoWithGps(), fileName: 'quay.jpg' }, { alt: 'The quay', credit: 'Port Authority' });
    const saved = await site.services.stories.save({
      editionCode: 'en',
      headline: 'Harbour Reopens After Storm',
      body: [paragraph('The harbour reopened on Tuesday.'), { type: 'image', src: '/media/old.jpeg', alt: 'old alt', mediaId: inBody.id }],
      status: 'published',
      publishedAt: '2021-03-02T07:05:00.000Z',
      leadMediaId: picture.id,
      section: { name: 'Business' },
    });
    await site.services.stories.save({ editionCode: 'en', headline: 'Fleet Counts Its Losses', body: [paragraph('Boats were lost.')], status: 'published', publishedAt: '2021-03-01T07:05:00.000Z', section: { name: 'Business' } });
    await site.services.curation.addFeatured(commandLineActor, 'en', saved.code);
    storyPath = `/en/news/${saved.code}/${saved.slug}`;
  });

  afterAll(async () => {
    await site?.close();
  });

  it('shows the lead picture large on its story page, fetched first, with its caption and credit, and body pictures from the library', async () => {
    const html = await (await site.get(storyPath)).text();
    const lead = /<figure class="lead-figure">([\s\S]*?)<\/figure>/u.exec(html)?.[1] ?? '';
    expect(lead).toContain('<source type="image/avif" srcset="/media/');
    expect(lead).toContain('<source type="image/webp"');
    expect(lead).toMatch(/<img src="\/media\/\d+\/original-\d+-[0-9a-f]{24}\.jpeg"/u);
    expect(lead).toContain('width="2048" height="1365"');
    expect(lead).toContain('fetchpriority="high"');
    expect(lead).toContain('loading="eager"');
    expect(decodeHtml(lead)).toContain('The harbour at dawn.');
    expect(decodeHtml(lead)).toContain('Photo: Marta Quintero');
    expect(html).toContain('alt="The quay"');
    expect(html).not.toContain('old alt');
    expect(decodeHtml(html)).toContain('Photo: Port Authority');
  });

  it('gives social cards and search engines the picture: summary_large_image, og:image and three JSON-LD crops', async () => {
    const html = await (await site.get(storyPath)).text();
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
    expect(html).toMatch(/<meta property="og:image" content="http:\/\/dateline\.test\/media\/\d+\/16x9-1280-[0-9a-f]{24}\.jpeg"/u);
    expect(html).toContain('<meta property="og:image:width" content="1280"');
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/u.exec(html)?.[1] ?? '{}') as { image?: string[] };
    expect(ld.image?.map((url) => /\/(16x9|4x3|1x1)-/u.exec(url)?.[1])).toEqual(['16x9', '4x3', '1x1']);
  });

  it('shows the picture as the home page lead, as thumbnails in lists, and as a card in the Featured Stories rail, with credits', async () => {
    const home = await (await site.get('/en/')).text();
    const leadStory = /<article class="lead-story[^"]*"[\s\S]*?<\/article>/u.exec(home)?.[0] ?? '';
    expect(leadStory).toContain('alt="Fishing boats moored in the harbour"');
    expect(leadStory).toContain('fetchpriority="high"');
    const rail = /<aside class="featured-stories"[\s\S]*?<\/aside>/u.exec(home)?.[0] ?? '';
    expect(rail).toContain('class="picture-card"');
    expect(rail).toContain('loading="lazy"');
    expect(decodeHtml(rail)).toContain('Photo: Marta Quintero');
    const section = await (await site.get('/en/section/business')).text();
    expect(section).toContain('alt="Fishing boats moored in the harbour"');
  });

  it.runIf(toolAvailable('java', hasJava, 'apt-get install default-jre-headless'))('keeps the story, home and section pages valid HTML with their pictures (Nu Html Checker)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dateline-pictures-vnu-'));
    try {
      const files: string[] = [];
      for (const [name, path] of [['story', storyPath], ['home', '/en/'], ['section', '/en/section/business']] as const) {
        const file = join(folder, `${name}.html`);
        await writeFile(file, await (await site.get(path)).text());
        files.push(file);
      }
      expect(runVnu(files)).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('changes every page showing the picture when its caption or credit changes', async () => {
    const { storyIds } = await site.services.media.updateDetails(commandLineActor, pictureId, { credit: 'Marta Quintero / Harbour Desk' });
    expect(storyIds).toHaveLength(1);
    expect(decodeHtml(await (await site.get(storyPath)).text())).toContain('Photo: Marta Quintero / Harbour Desk');
  });

  it('puts the lead picture in every feed: RSS enclosure, Atom enclosure link, JSON Feed image', async () => {
    const rss = await (await site.get('/en/feed.xml')).text();
    const parsed = await new Parser().parseString(rss);
    const item = parsed.items.find((i) => i.title === 'Harbour Reopens After Storm');
    expect(item?.enclosure?.type).toBe('image/jpeg');
    expect(item?.enclosure?.url).toMatch(/^http:\/\/dateline\.test\/media\/\d+\/16x9-1280-[0-9a-f]{24}\.jpeg$/u);
    const atom = await (await site.get('/en/feed.atom')).text();
    expect(atom).toMatch(/<link rel="enclosure" href="http:\/\/dateline\.test\/media\/\d+\/16x9-1280-[0-9a-f]{24}\.jpeg" type="image\/jpeg"/u);
    const json = (await (await site.get('/en/feed.json')).json()) as { items: { title: string; image?: string }[] };
    expect(json.items.find((i) => i.title === 'Harbour Reopens After Storm')?.image).toMatch(/16x9-1280-[0-9a-f]{24}\.jpeg$/u);
  });
});
