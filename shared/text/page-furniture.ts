/**
 * Lines a reader skips on a government page: the site's furniture around the article and the
 * gambling spam injected into hacked pages. Both tests take one line of Simplified text with
 * full-width forms folded (NFKC); callers convert Traditional first, so 瀏覽次數 and 信息來源 are
 * judged as 浏览次数 and 信息来源.
 */

/** Template lines are short; a long line is someone's text, whatever words it holds. */
const MAX_FURNITURE_LENGTH = 120;

/** A line that says where the page sits: 当前位置：首页 > …, 您的位置： … */
const POSITION = /^(?:当前位置|您的位置|你的位置|所在位置|您现在的位置|现在位置|位置)\s*[:：]/;
const ARROW = '>›»→';
/** A breadcrumb trail: "> 信息公开 > 信息公开政策", "首页 > 政务公开", "首页 / 通知公告". */
const TRAIL_FROM_HOME = new RegExp(`^(?:网站首页|首页|主页)\\s*[${ARROW}/]`);
const TRAIL_FROM_ARROW = new RegExp(`^[${ARROW}]\\s*[^${ARROW}。，；！？]{1,20}(?:\\s*[${ARROW}]\\s*[^${ARROW}。，；！？]{1,20})*\\s*[${ARROW}]?$`);
const TRAIL_OF_THREE = new RegExp(`^[^${ARROW}。，；！？]{1,20}(?:\\s*[${ARROW}]\\s*[^${ARROW}。，；！？]{1,20}){2,}$`);

/**
 * Labels of a page's meta bar that only furniture carries: where the text came from, who edited
 * it, how often it was viewed, the font size. A date or 文号 label alone does not make a line
 * furniture, since a document's own head has those.
 */
const FURNITURE_LABEL = /(?:信息来源|文章来源|稿件来源|来源|作者|撰稿|供稿|摄影|编辑|责任编辑|审核|审校|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读数|阅读|访问量|访问次数|点击数|点击量|点击率|点击|字号|字体)\s*(?:[:：]|\d)/;
/** Labels that may open a meta bar. */
const META_START = /^[[【(（]?\s*(?:发布时间|发布日期|发表时间|更新时间|日期|时间|信息来源|文章来源|稿件来源|来源|作者|撰稿|供稿|编辑|责任编辑|浏览次数|浏览量|阅读次数|阅读量|阅读数|阅读|访问量|点击数|点击量|点击|字号|字体)\s*(?:[:：]|\d)/;
const SENTENCE = /[。！？；，]/;

/**
 * Words of print, font-size, share and navigation bars; a line made of nothing else is furniture:
 * 【打印】【关闭】 字号：大 中 小, 分享到：微信 微博 QQ空间, 【返回顶部】.
 */
const TOOL_WORD =
  /打印本页|打印此页|打印正文|打印文章|我要打印|打印|关闭窗口|关闭本页|关闭页面|关闭|返回顶部|回到顶部|返回首页|返回列表|返回|加入收藏|收藏本页|收藏|我要纠错|纠错|保存本页|保存|分享到|分享|字体大小|字号大小|字体|字号|默认|放大|缩小|大|中|小|微信好友|微信|微博|朋友圈|QQ空间|QQ好友|QQ|新浪微博|腾讯微博|人民微博|人人网|豆瓣|扫一扫|手机扫码|扫码|在手机上打开|手机阅读|视力保护色|护眼模式|繁体版|简体版|繁体|简体|无障碍|长者模式|语音播报|朗读|A\+|A-|T/g;
const TOOL_SEPARATORS = /[\s:：|｜/·•、,，[\]【】()（）<>]+/g;
const SIZE_WORD = /^[大中小]$/;

function isToolBar(line: string): boolean {
  let anchor = false;
  const rest = line.replace(TOOL_WORD, (w) => {
    if (!SIZE_WORD.test(w) && w !== 'T') anchor = true;
    return ' ';
  });
  return anchor && rest.replace(TOOL_SEPARATORS, '') === '';
}

const PAGER = /^(?:上一篇|下一篇|上一条|下一条|相关链接|相关文章|相关阅读)\s*[:：]|^(?:扫一扫|手机扫码|扫描二维码|用手机扫描).{0,20}$/;
const FOOTER = /^(?:版权所有|主办单位|承办单位|技术支持|网站标识码|网站地图|联系我们)\s*[:：©]|ICP备\s*\d+号|公网安备\s*\d+号/;

/** Whether a whole line is page furniture: breadcrumbs, a meta bar, a tool bar, pager or footer. */
export function isFurnitureLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > MAX_FURNITURE_LENGTH) return false;
  if (POSITION.test(t) || TRAIL_FROM_HOME.test(t) || TRAIL_FROM_ARROW.test(t) || TRAIL_OF_THREE.test(t)) return true;
  if (META_START.test(t) && FURNITURE_LABEL.test(t) && !SENTENCE.test(t)) return true;
  return isToolBar(t) || PAGER.test(t) || FOOTER.test(t);
}

/** Names and terms that only gambling advertising (and the fake-invoice and surrogacy ads beside it) uses. */
const SPAM_TERMS =
  /代开发票|发票代开|代孕|博彩|娱乐城|娱乐场|娱乐平台|百家乐|真人视讯|真人荷官|真人娱乐|老虎机|六合彩|时时彩|北京赛车|pk10|幸运飞艇|快三|彩金|体育投注|电子游艺|棋牌游戏|捕鱼游戏|葡京|威尼斯人|太阳城|金沙娱乐|永利|银河娱乐|美高梅|皇冠体育|皇冠网|亚博|bet365|首存|返水|购彩|投注|下注|赔率/gi;
/** A lottery named in an advertisement, or in a sentence about lottery policy. */
const LOTTERY = /彩票|福彩|体彩|双色球|大乐透/;
/** How advertising sells: sign-up bonuses, deposits, addresses, apps, contacts. */
const PROMOTION =
  /注册送|开户送|注册就送|送\d+|送彩金|首充|充值|提现|提款|秒到账|日赚|稳赚|包赢|必中|信誉|官网|官方网站|网址|最新地址|导航|下载|app|加微|微信号|QQ群|客服|注册|开户|优惠|点击进入|立即|平台|计划|预测|代理|专业|电话|手机|联系/i;
const LINK = /https?:\/\/|www\.|[a-z0-9-]+\.(?:com|net|cc|vip|top|xyz|me|tv|app|org|cn)\b/i;
/**
 * Words of a government text, a report or a complaint about gambling: such a line talks about
 * spam, it is not spam ("依法打击网络赌博", "福利彩票公益金使用情况", "在百家乐平台被骗了").
 */
const ABOUT_GAMBLING =
  /打击|整治|查处|取缔|严禁|禁止|非法|违法|犯罪|监管|管理|规范|治理|专项|依法|条例|办法|规定|公益金|发行|销售|公告|通知|政策|警惕|谨防|防范|切勿|诈骗|警方|公安|捣毁|抓获|破获|侦破|涉案|嫌疑|判处|法院|检察|举报|投诉|被骗|受骗|输了|输光|求助|报警|欠债|提不出|不能提现|本人|我在|我家|我的/;
/** Keyword-stuffed spam can be long; a single gambling word in a long line is someone's text. */
const MAX_SPAM_LENGTH = 120;
const MAX_STUFFED_SPAM_LENGTH = 500;

/**
 * Whether a line is gambling or lottery advertising, with or without a link: two gambling terms,
 * or one gambling term or a lottery beside a link or a sales pitch, with no sign that the line is
 * about gambling rather than selling it.
 */
export function isSpamLine(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > MAX_STUFFED_SPAM_LENGTH) return false;
  const terms = new Set(t.match(SPAM_TERMS)?.map((w) => w.toLowerCase()) ?? []).size;
  const lottery = LOTTERY.test(t);
  if (terms === 0 && !lottery) return false;
  if (ABOUT_GAMBLING.test(t)) return false;
  if (t.length > MAX_SPAM_LENGTH && terms < 3) return false;
  const selling = PROMOTION.test(t) || LINK.test(t);
  return selling || terms >= 2;
}
