/**
 * The catalogue of sources a record may cite: the four articles in ../shared/sources and the
 * numbered sources at the end of VERIFIED.md. Validation accepts exactly these; replies show
 * {@link describeSource} in embed footers.
 */
import type { SourceRef } from './schema.js';

export interface SourceInfo {
  readonly ref: SourceRef;
  /** Short human description, e.g. "JoySauce interview (Carolyn Hinds, 2024-10-24)". */
  readonly title: string;
}

export const ARTICLE_SOURCES: readonly SourceInfo[] = [
  { ref: 'article:000', title: "JoySauce interview \"Lee Eon-hee's 'Love in the Big City' is about the romance of platonic love\" (Carolyn Hinds, 2024-10-24)" },
  { ref: 'article:001', title: "\"TIFF 2024: 'Love in The Big City' — finding soul in Seoul\" (Teresa Valenton, 2024)" },
  { ref: 'article:002', title: "The Asian Cut review \"'Love in the Big City' Is a Love Letter to All the Rebels Out There\" (Jericho Tadeo, 2024-11-08)" },
  { ref: 'article:003', title: 'Review of the TVING series (publication not named, late 2024)' },
];

/*
 * VERIFIED.md numbers its sources 1–46 but has no source 35 (the list jumps from "33–34" to 36),
 * so 35 is deliberately absent: citing it is an error.
 */
export const VERIFIED_SOURCES: readonly SourceInfo[] = [
  { ref: 'verified:1', title: 'Wikipedia: Love in the Big City (2024 film)' },
  { ref: 'verified:2', title: 'edaily.co.kr (newsId 01266086639016512)' },
  { ref: 'verified:3', title: 'news1.kr (entertain/movie/5530237)' },
  { ref: 'verified:4', title: 'v.daum.net/v/20240914151655401' },
  { ref: 'verified:5', title: 'Screen Daily (Plus M closes deals for Toronto title)' },
  { ref: 'verified:6', title: 'v.daum.net/v/20240723090440238' },
  { ref: 'verified:7', title: 'feed.viewus.co.kr (ai/article/93150)' },
  { ref: 'verified:8', title: 'news.mtn.co.kr (2024100211564527425)' },
  { ref: 'verified:9', title: 'tenasia.hankyung.com (2024101049094)' },
  { ref: 'verified:10', title: 'v.daum.net/v/20241030082452514' },
  { ref: 'verified:11', title: 'Yahoo News Canada (Korea box office, Venom)' },
  { ref: 'verified:12', title: 'themearound.com (Korea box office slumps)' },
  { ref: 'verified:13', title: 'mydaily.co.kr (2024100815081800263)' },
  { ref: 'verified:14', title: 'm.newspic.kr (nid 2024102916553188446)' },
  { ref: 'verified:15', title: 'xportsnews.com (article 979952)' },
  { ref: 'verified:16', title: 'Pinkvilla (Lovestruck in the City to premiere at TIFF)' },
  { ref: 'verified:17', title: 'Hindustan Times (Blue Dragon Film Awards 2024 winners)' },
  { ref: 'verified:18', title: 'xportsnews.com (entry_id 1913504)' },
  { ref: 'verified:19', title: 'v.daum.net/v/20241007173840147' },
  { ref: 'verified:20', title: 'newsbell.co.kr (entertainment/article/951203)' },
  { ref: 'verified:21', title: 'JoongAng Daily (TVING series adapts chapters not seen in film)' },
  { ref: 'verified:22', title: 'The Korea Herald (ud=20241016050700)' },
  { ref: 'verified:23', title: 'Wikipedia: Love in the Big City (TV series)' },
  { ref: 'verified:24', title: 'v.daum.net/v/20240830084151643' },
  { ref: 'verified:25', title: 'mediapen.com (newsamp/view/949668)' },
  { ref: 'verified:26', title: 'JTBC News (NB12220256)' },
  { ref: 'verified:27', title: 'Koreaboo (p=1788097)' },
  { ref: 'verified:28', title: 'Sportskeeda (Nam Yoon-su, Jin Ho-eun relationship dynamics)' },
  { ref: 'verified:29', title: 'Weverse Magazine (article 1275)' },
  { ref: 'verified:30', title: 'OSEN (G1112434624)' },
  { ref: 'verified:31', title: 'koreastardaily.com (sc/news/155382)' },
  { ref: 'verified:32', title: 'mykrherald.com (culture/69596)' },
  { ref: 'verified:33', title: 'Pinkvilla (calls for cancellation)' },
  { ref: 'verified:34', title: 'Pinkvilla (trailer)' },
  { ref: 'verified:36', title: 'Sogang University library catalogue' },
  { ref: 'verified:37', title: 'Dong-A University library catalogue' },
  { ref: 'verified:38', title: 'blog.aladin.co.kr' },
  { ref: 'verified:39', title: 'Grove Atlantic (book page: Love in the Big City)' },
  { ref: 'verified:40', title: 'WikiMili: Love in the Big City (novel)' },
  { ref: 'verified:41', title: 'The Korea Herald (ud=20220311000177)' },
  { ref: 'verified:42', title: 'Dublin Literary Award' },
  { ref: 'verified:43', title: 'Agence Eliane Benisti (2020/10)' },
  { ref: 'verified:44', title: 'news.zum.com (articles/93033475)' },
  { ref: 'verified:45', title: 'aladin.co.kr (EventId 194866)' },
  { ref: 'verified:46', title: 'senalnews.com (London Korean Film Festival 2024 programme)' },
];

/** Every citable source, articles first. */
export const SOURCE_CATALOGUE: ReadonlyMap<string, SourceInfo> = new Map(
  [...ARTICLE_SOURCES, ...VERIFIED_SOURCES].map((info) => [info.ref, info] as const),
);

/** Whether `ref` names a known article or an existing VERIFIED.md source number. */
export function isKnownSource(ref: string): ref is SourceRef {
  return SOURCE_CATALOGUE.has(ref);
}

/**
 * A short human-readable description of a source for embed footers; an unknown reference is
 * returned as it is (validation keeps unknown references out of the built-in dataset).
 */
export function describeSource(ref: SourceRef): string {
  return SOURCE_CATALOGUE.get(ref)?.title ?? ref;
}
