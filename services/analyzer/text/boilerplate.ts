/**
 * Lines a page template wraps around an article: navigation, font and print bars, view
 * counters, share bars, previous/next links. Dropped only when the whole line is such an
 * element, so a citizen who writes "浏览次数太少" keeps the sentence.
 */
const BOILERPLATE: readonly RegExp[] = [
  /^(当前位置|您的位置|你的位置|所在位置|您现在的位置)[：:].*$/,
  /^首页\s*[>＞›»/]/,
  /^字[体号][：:]?\s*[[【(（]?\s*大\s*中\s*小\s*[\]】)）]?.*$/,
  /^.{0,40}(浏览次数|访问次数|阅读次数|点击数|点击量|浏览量|阅读量)[：:]\s*\d*.*$/,
  /^[[【]?(打印本页|打印|关闭窗口|关闭|返回顶部|收藏|纠错)[\]】]?(\s*[[【]?(打印本页|打印|关闭窗口|关闭|返回顶部|收藏|纠错|保存)[\]】]?)*$/,
  /^分享到[：:]?.*$/,
  /^(微信|微博|QQ空间|QQ|新浪微博|腾讯微博|人人网|豆瓣)(\s*[、|/·]?\s*(微信|微博|QQ空间|QQ|新浪微博|腾讯微博|人人网|豆瓣))+$/,
  /^(上一篇|下一篇|上一条|下一条)[：:].*$/,
  /^(扫一扫|手机扫码|扫描二维码).{0,20}$/,
  /^(版权所有|技术支持|网站标识码)[：:©]?.*$/,
  /ICP备\d+号/,
];

/** Words of injected gambling and advertising spam; a line is spam only with a link next to them. */
const SPAM_WORDS = /(博彩|赌场|娱乐城|彩票|六合彩|百家乐|老虎机|真人荷官|时时彩|棋牌|威尼斯人|葡京|代开发票|私服)/;
const LINK = /(https?:\/\/|www\.|\.(com|net|cc|vip|top|xyz)\b)/i;

/** Template lines are short; a long line is someone's text, whatever words it holds. */
const MAX_BOILERPLATE_LENGTH = 120;

export function isBoilerplateLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > MAX_BOILERPLATE_LENGTH) return false;
  if (BOILERPLATE.some((re) => re.test(t))) return true;
  return SPAM_WORDS.test(t) && LINK.test(t);
}
