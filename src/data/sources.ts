/**
 * The catalogue of sources a record may cite: the four articles in ../shared/sources and the
 * numbered sources at the end of VERIFIED.md. Validation accepts exactly these.
 *
 * Two readers, two names: curators (`npm run data:check`, docs) see the numbered `title`, the way
 * VERIFIED.md lists it; fans see only the `publication` ("Korea JoongAng Daily", "The Asian Cut
 * review") in both languages, at most three per reply, the most authoritative first
 * ({@link citedPublications}).
 */
import type { SourceRef } from './schema.js';

/**
 * How much a reader can lean on a source, best first: 1 the publisher, award, agency or a library
 * catalogue; 2 newspapers, news agencies and trade press; 3 Wikipedia; 4 entertainment sites,
 * portals that repost news, blogs and mirrors; 5 the four articles the project started from (they
 * contain the errors VERIFIED.md corrects).
 */
export type Authority = 1 | 2 | 3 | 4 | 5;

export interface SourceInfo {
  readonly ref: SourceRef;
  /** Curators' description, e.g. "JoySauce interview (Carolyn Hinds, 2024-10-24)". */
  readonly title: string;
  /** What a fan reads: the publication and, where it helps, the kind of article. */
  readonly publication: { readonly en: string; readonly ko: string };
  readonly authority: Authority;
}

export const ARTICLE_SOURCES: readonly SourceInfo[] = [
  { ref: 'article:000', title: "JoySauce interview \"Lee Eon-hee's 'Love in the Big City' is about the romance of platonic love\" (Carolyn Hinds, 2024-10-24)", publication: { en: 'JoySauce interview', ko: 'JoySauce 인터뷰' }, authority: 5 },
  { ref: 'article:001', title: "\"TIFF 2024: 'Love in The Big City' — finding soul in Seoul\" (Teresa Valenton, 2024)", publication: { en: 'TIFF 2024 review', ko: 'TIFF 2024 리뷰' }, authority: 5 },
  { ref: 'article:002', title: "The Asian Cut review \"'Love in the Big City' Is a Love Letter to All the Rebels Out There\" (Jericho Tadeo, 2024-11-08)", publication: { en: 'The Asian Cut review', ko: 'The Asian Cut 리뷰' }, authority: 5 },
  { ref: 'article:003', title: 'Review of the TVING series (publication not named, late 2024)', publication: { en: 'TVING series review', ko: '티빙 시리즈 리뷰' }, authority: 5 },
];

/*
 * VERIFIED.md numbers its sources 1–46 but has no source 35 (the list jumps from "33–34" to 36),
 * so 35 is deliberately absent: citing it is an error.
 */
export const VERIFIED_SOURCES: readonly SourceInfo[] = [
  { ref: 'verified:1', title: 'Wikipedia: Love in the Big City (2024 film)', publication: { en: 'Wikipedia', ko: '영문 위키백과' }, authority: 3 },
  { ref: 'verified:2', title: 'edaily.co.kr (newsId 01266086639016512)', publication: { en: 'Edaily', ko: '이데일리' }, authority: 2 },
  { ref: 'verified:3', title: 'news1.kr (entertain/movie/5530237)', publication: { en: 'News1', ko: '뉴스1' }, authority: 2 },
  { ref: 'verified:4', title: 'v.daum.net/v/20240914151655401', publication: { en: 'Daum News', ko: '다음 뉴스' }, authority: 4 },
  { ref: 'verified:5', title: 'Screen Daily (Plus M closes deals for Toronto title)', publication: { en: 'Screen Daily', ko: '스크린 데일리' }, authority: 2 },
  { ref: 'verified:6', title: 'v.daum.net/v/20240723090440238', publication: { en: 'Daum News', ko: '다음 뉴스' }, authority: 4 },
  { ref: 'verified:7', title: 'feed.viewus.co.kr (ai/article/93150)', publication: { en: 'Viewus', ko: '뷰어스' }, authority: 4 },
  { ref: 'verified:8', title: 'news.mtn.co.kr (2024100211564527425)', publication: { en: 'MTN', ko: '머니투데이방송' }, authority: 2 },
  { ref: 'verified:9', title: 'tenasia.hankyung.com (2024101049094)', publication: { en: 'TenAsia', ko: '텐아시아' }, authority: 2 },
  { ref: 'verified:10', title: 'v.daum.net/v/20241030082452514', publication: { en: 'Daum News', ko: '다음 뉴스' }, authority: 4 },
  { ref: 'verified:11', title: 'Yahoo News Canada (Korea box office, Venom)', publication: { en: 'Yahoo News Canada', ko: '야후 뉴스 캐나다' }, authority: 4 },
  { ref: 'verified:12', title: 'themearound.com (Korea box office slumps)', publication: { en: 'The Mearound', ko: 'The Mearound' }, authority: 4 },
  { ref: 'verified:13', title: 'mydaily.co.kr (2024100815081800263)', publication: { en: 'My Daily', ko: '마이데일리' }, authority: 2 },
  { ref: 'verified:14', title: 'm.newspic.kr (nid 2024102916553188446)', publication: { en: 'Newspic', ko: '뉴스픽' }, authority: 4 },
  { ref: 'verified:15', title: 'xportsnews.com (article 979952)', publication: { en: 'Xports News', ko: '엑스포츠뉴스' }, authority: 2 },
  { ref: 'verified:16', title: 'Pinkvilla (Lovestruck in the City to premiere at TIFF)', publication: { en: 'Pinkvilla', ko: '핑크빌라' }, authority: 4 },
  { ref: 'verified:17', title: 'Hindustan Times (Blue Dragon Film Awards 2024 winners)', publication: { en: 'Hindustan Times', ko: '힌두스탄 타임스' }, authority: 2 },
  { ref: 'verified:18', title: 'xportsnews.com (entry_id 1913504)', publication: { en: 'Xports News', ko: '엑스포츠뉴스' }, authority: 2 },
  { ref: 'verified:19', title: 'v.daum.net/v/20241007173840147', publication: { en: 'Daum News', ko: '다음 뉴스' }, authority: 4 },
  { ref: 'verified:20', title: 'newsbell.co.kr (entertainment/article/951203)', publication: { en: 'Newsbell', ko: '뉴스벨' }, authority: 4 },
  { ref: 'verified:21', title: 'JoongAng Daily (TVING series adapts chapters not seen in film)', publication: { en: 'Korea JoongAng Daily', ko: '코리아중앙데일리' }, authority: 2 },
  { ref: 'verified:22', title: 'The Korea Herald (ud=20241016050700)', publication: { en: 'The Korea Herald', ko: '코리아헤럴드' }, authority: 2 },
  { ref: 'verified:23', title: 'Wikipedia: Love in the Big City (TV series)', publication: { en: 'Wikipedia', ko: '영문 위키백과' }, authority: 3 },
  { ref: 'verified:24', title: 'v.daum.net/v/20240830084151643', publication: { en: 'Daum News', ko: '다음 뉴스' }, authority: 4 },
  { ref: 'verified:25', title: 'mediapen.com (newsamp/view/949668)', publication: { en: 'Mediapen', ko: '미디어펜' }, authority: 2 },
  { ref: 'verified:26', title: 'JTBC News (NB12220256)', publication: { en: 'JTBC News', ko: 'JTBC 뉴스' }, authority: 2 },
  { ref: 'verified:27', title: 'Koreaboo (p=1788097)', publication: { en: 'Koreaboo', ko: '코리아부' }, authority: 4 },
  { ref: 'verified:28', title: 'Sportskeeda (Nam Yoon-su, Jin Ho-eun relationship dynamics)', publication: { en: 'Sportskeeda', ko: '스포츠키다' }, authority: 4 },
  { ref: 'verified:29', title: 'Weverse Magazine (article 1275)', publication: { en: 'Weverse Magazine', ko: '위버스 매거진' }, authority: 4 },
  { ref: 'verified:30', title: 'OSEN (G1112434624)', publication: { en: 'OSEN', ko: 'OSEN' }, authority: 2 },
  { ref: 'verified:31', title: 'koreastardaily.com (sc/news/155382)', publication: { en: 'Korea Star Daily', ko: '코리아스타데일리' }, authority: 4 },
  { ref: 'verified:32', title: 'mykrherald.com (culture/69596)', publication: { en: 'MyKR Herald', ko: 'MyKR Herald' }, authority: 4 },
  { ref: 'verified:33', title: 'Pinkvilla (calls for cancellation)', publication: { en: 'Pinkvilla', ko: '핑크빌라' }, authority: 4 },
  { ref: 'verified:34', title: 'Pinkvilla (trailer)', publication: { en: 'Pinkvilla', ko: '핑크빌라' }, authority: 4 },
  { ref: 'verified:36', title: 'Sogang University library catalogue', publication: { en: 'Sogang University Library', ko: '서강대학교 도서관' }, authority: 1 },
  { ref: 'verified:37', title: 'Dong-A University library catalogue', publication: { en: 'Dong-A University Library', ko: '동아대학교 도서관' }, authority: 1 },
  { ref: 'verified:38', title: 'blog.aladin.co.kr', publication: { en: 'Aladin blog', ko: '알라딘 블로그' }, authority: 4 },
  { ref: 'verified:39', title: 'Grove Atlantic (book page: Love in the Big City)', publication: { en: 'Grove Atlantic', ko: '그로브 애틀랜틱' }, authority: 1 },
  { ref: 'verified:40', title: 'WikiMili: Love in the Big City (novel)', publication: { en: 'WikiMili', ko: 'WikiMili' }, authority: 4 },
  { ref: 'verified:41', title: 'The Korea Herald (ud=20220311000177)', publication: { en: 'The Korea Herald', ko: '코리아헤럴드' }, authority: 2 },
  { ref: 'verified:42', title: 'Dublin Literary Award', publication: { en: 'Dublin Literary Award', ko: '더블린 문학상' }, authority: 1 },
  { ref: 'verified:43', title: 'Agence Eliane Benisti (2020/10)', publication: { en: 'Agence Eliane Benisti', ko: '엘리안 베니스티 에이전시' }, authority: 1 },
  { ref: 'verified:44', title: 'news.zum.com (articles/93033475)', publication: { en: 'ZUM News', ko: '줌 뉴스' }, authority: 4 },
  { ref: 'verified:45', title: 'aladin.co.kr (EventId 194866)', publication: { en: 'Aladin', ko: '알라딘' }, authority: 4 },
  { ref: 'verified:46', title: 'senalnews.com (London Korean Film Festival 2024 programme)', publication: { en: 'Senal News', ko: 'Senal News' }, authority: 4 },
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
 * The curators' description of a source ("#21 JoongAng Daily (…)" in data:check); an unknown
 * reference is returned as it is (validation keeps unknown references out of the built-in dataset).
 */
export function describeSource(ref: SourceRef): string {
  return SOURCE_CATALOGUE.get(ref)?.title ?? ref;
}

/** A publication a reply names, with how much it weighs. */
export interface CitedPublication {
  readonly en: string;
  readonly ko: string;
  readonly authority: Authority;
}

/**
 * The publications behind `refs` as a fan should read them: one entry per publication (five Daum
 * News reposts are one "Daum News"), the most authoritative first, then the most cited, then in
 * the order cited; at most `limit` (3). Unknown references are left out.
 */
export function citedPublications(refs: readonly SourceRef[], limit = 3): CitedPublication[] {
  const byName = new Map<string, { pub: CitedPublication; count: number; first: number }>();
  refs.forEach((ref, i) => {
    const info = SOURCE_CATALOGUE.get(ref);
    if (!info) return;
    const seen = byName.get(info.publication.en);
    if (seen) seen.count++;
    else byName.set(info.publication.en, { pub: { ...info.publication, authority: info.authority }, count: 1, first: i });
  });
  return [...byName.values()]
    .sort((a, b) => a.pub.authority - b.pub.authority || b.count - a.count || a.first - b.first)
    .slice(0, Math.max(0, limit))
    .map((x) => x.pub);
}
