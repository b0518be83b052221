import { readDatasetText } from '../../../datasets/read-dataset.ts';

/** One of the real 政务公开 documents in datasets/pages/. */
export function sharedDocument(file: string): string {
  return readDatasetText(`pages/${file}`);
}

export interface ArticleFixture {
  title: string;
  date: string;
  body: string;
  views: number;
  charset?: string;
  attachments?: { href: string; name: string }[];
  spam?: boolean;
}

/** A list page as county sites build them: navigation, the list, a pager, a footer. */
export function listPage(links: { href: string; title: string; date: string }[], charset = 'gbk'): string {
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"><title>政策文件_缙云县人民政府</title></head>
<body><div class="top-nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">信息公开</a> &gt; 政策文件</div>
<div class="list-box"><ul class="news-list">${links.map((l) => `<li><a href="${l.href}" target="_blank">${l.title}</a><span>${l.date}</span></li>`).join('')}</ul>
<div class="pager"><a href="?page=2">下一页</a></div></div>
<div class="footer">版权所有：缙云县人民政府办公室 地址：缙云县五云街道 浙ICP备05011111号</div></body></html>`;
}

/**
 * An article page with everything a collector meets in the wild: breadcrumbs, a meta bar with
 * a view counter and font-size links, print and close links, a share bar, a footer and, when
 * asked, a spam link injected after the article.
 */
export function articlePage(a: ArticleFixture): string {
  const paragraphs = a.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p style="text-indent:2em">${p.replace(/\n/g, '')}</p>`)
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="${a.charset ?? 'gbk'}"><title>${a.title}_缙云县人民政府</title>
<meta name="ArticleTitle" content="${a.title}"><meta name="ContentSource" content="缙云县人民政府办公室"></head>
<body><div class="top-nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">信息公开</a> &gt; 政策文件</div>
<div class="article">
<h1 class="art-title">${a.title}</h1>
<div class="art-info">发布时间：${a.date}&#12288;信息来源：缙云县人民政府办公室&#12288;浏览次数：${a.views}&#12288;字体：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
<div class="art-content">
${paragraphs}
${(a.attachments ?? []).map((f) => `<p>附件：<a href="${f.href}">${f.name}</a></p>`).join('\n')}
${a.spam ? '<p><a href="http://spam.example.com/">澳门威尼斯人娱乐城 百家乐 真人视讯 注册送彩金</a></p>' : ''}
</div>
<div class="art-tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="bdshare">分享到：微信 微博 QQ空间</div>
</div>
<div class="footer">版权所有：缙云县人民政府办公室 地址：缙云县五云街道 浙ICP备05011111号 网站标识码3311220001</div></body></html>`;
}
