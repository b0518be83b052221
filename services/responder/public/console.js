// The first console page: login, live alerts over socket.io, hot events, latest items with
// their evidence, and dead letters. Plain DOM; the full console (Vue) replaces it in a later issue.
'use strict';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const time = (iso) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });
const seenAlerts = new Set();
let newestAlert;
let csrfToken;
let socket;

async function api(path) {
  const res = await fetch(`/api${path}`);
  if (res.status === 401) showLogin();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

/** A state-changing call: JSON body and the session's CSRF token. Resolves to [status, body]. */
async function send(path, body) {
  const res = await fetch(`/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  return [res.status, data];
}

function alertLi(a, fresh) {
  const li = document.createElement('li');
  li.dataset.alertId = a.id;
  if (fresh) li.classList.add('fresh');
  if (a.level === '重大' || a.level === '特别重大') li.classList.add('grave');
  li.innerHTML = `<span class="level level-${esc(a.level)}">${esc(a.level)}</span>${esc(a.message)}
    <div class="meta">${time(a.createdAt)} · 规则 ${esc(a.rule)} · 事件 ${esc(a.eventId.slice(0, 8))}</div>`;
  return li;
}

function showAlert(a, fresh) {
  if (seenAlerts.has(a.id)) return;
  seenAlerts.add(a.id);
  if (!newestAlert || a.createdAt > newestAlert) newestAlert = a.createdAt;
  const list = $('alerts');
  list.querySelector('.empty')?.remove();
  const li = alertLi(a, fresh);
  // Newest first, whatever order they arrive in.
  const after = [...list.children].find((el) => el.dataset.created < a.createdAt);
  li.dataset.created = a.createdAt;
  list.insertBefore(li, after ?? null);
  $('alert-count').textContent = `共 ${seenAlerts.size} 条`;
}

async function loadAlerts() {
  const since = newestAlert ? `&since=${encodeURIComponent(newestAlert)}` : '';
  const { hits } = await api(`/alerts?limit=100${since}`);
  for (const a of hits.reverse()) showAlert(a, Boolean(newestAlert));
}

async function loadEvents() {
  const { hits } = await api('/events?limit=10');
  $('events').innerHTML = hits.length
    ? hits
        .map((e) => `<li><span class="level level-${esc(e.level)}">${esc(e.level)}</span>${esc(e.title)}
          <div class="meta">${e.itemCount} 条 · 热度 ${e.heat} · ${esc(e.places.join('、'))} · 最近 ${time(e.lastSeen)}</div></li>`)
        .join('')
    : '<li class="empty">暂无事件</li>';
}

async function loadItems() {
  const q = $('q').value.trim();
  const { total, hits } = await api(`/items?limit=30&sort=${q ? 'relevance' : 'newest'}${q ? `&q=${encodeURIComponent(q)}` : ''}`);
  $('items-total').textContent = `${q ? `“${q}” ` : ''}共 ${total} 条`;
  $('items').innerHTML = hits
    .map(
      (i) => `<li><strong>${esc(i.title ?? '')}</strong> ${esc(i.text.slice(0, 80))}
        <div>${i.topics.map((t) => `<span class="tag" title="依据：${esc(t.evidence.join('、'))}">${esc(t.label)}</span>`).join('')}
        ${i.risk.signals.map((s) => `<span class="tag risk" title="依据：${esc(s.evidence.join('、'))}">${esc(s.label)}</span>`).join('')}</div>
        <div class="evidence">依据：${esc(i.topics.flatMap((t) => t.evidence).slice(0, 6).join('、'))}</div>
        <div class="meta">${time(i.publishedAt)} · ${esc(i.places.join('、'))} · ${esc(i.attrs['承办单位'] ?? '')} · ${esc(i.author?.display ?? '')}</div></li>`,
    )
    .join('');
}

async function loadDeadLetters() {
  const { total, hits } = await api('/dead-letters?limit=20');
  $('dead-letter-count').textContent = total ? `共 ${total} 条` : '';
  $('dead-letters').innerHTML = hits.length
    ? hits.map((d) => `<li>${esc(d.reason)}<div class="meta">${time(d.at)} · ${esc(d.origin)}</div></li>`).join('')
    : '<li class="empty">无</li>';
}

const refreshAll = () => Promise.all([loadAlerts(), loadEvents(), loadItems(), loadDeadLetters()]).catch((e) => console.error(e));

function showLogin(message) {
  socket?.close();
  socket = undefined;
  $('console').hidden = true;
  $('whoami').hidden = true;
  $('connection').textContent = '未登录';
  $('connection').className = 'offline';
  $('auth-panel').hidden = false;
  $('login-form').hidden = false;
  $('password-form').hidden = true;
  $('login-error').textContent = message ?? '';
}

function showPasswordChange() {
  $('auth-panel').hidden = false;
  $('login-form').hidden = true;
  $('password-form').hidden = false;
  $('console').hidden = true;
}

function enterConsole(user) {
  $('auth-panel').hidden = true;
  $('console').hidden = false;
  $('whoami').hidden = false;
  $('user-label').textContent = `${user.displayName}（${user.roleLabel}${user.department ? ` · ${user.department}` : ''}）`;
  connectLive();
}

function onSession({ user, csrfToken: token }) {
  csrfToken = token;
  if (user.mustChangePassword) showPasswordChange();
  else enterConsole(user);
}

function connectLive() {
  if (socket) return;
  // Created only after login, so the handshake carries the session cookie.
  socket = io();
  socket.on('connect', () => {
    $('connection').textContent = '实时连接';
    $('connection').className = 'online';
    // Whatever arrived while disconnected comes from the API.
    refreshAll();
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'unauthorized') showLogin('登录已失效，请重新登录');
  });
  socket.on('disconnect', () => {
    $('connection').textContent = '已断开，重连中…';
    $('connection').className = 'offline';
  });
  socket.on('alert', (a) => {
    showAlert(a, true);
    loadEvents().catch(() => {});
  });
  socket.on('dead-letters', () => loadDeadLetters().catch(() => {}));
}

const MESSAGES = {
  'auth.bad_credentials': '用户名或密码错误',
  'auth.throttled': '登录失败次数过多，请稍后再试',
  'auth.wrong_password': '当前密码不正确',
  'auth.same_password': '新密码不能与当前密码相同',
};
const messageOf = (data, fallback) => MESSAGES[data?.error?.code] ?? data?.error?.message ?? fallback;

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const [status, data] = await send('/auth/login', { username: $('login-username').value.trim(), password: $('login-password').value });
  $('login-password').value = '';
  if (status === 200) {
    $('current-password').value = '';
    onSession(data);
  } else $('login-error').textContent = messageOf(data, `登录失败（${status}）`);
});

$('password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if ($('new-password').value !== $('confirm-password').value) {
    $('password-error').textContent = '两次输入的新密码不一致';
    return;
  }
  const [status, data] = await send('/auth/password', { currentPassword: $('current-password').value, newPassword: $('new-password').value });
  for (const id of ['current-password', 'new-password', 'confirm-password']) $(id).value = '';
  if (status === 200) {
    $('password-error').textContent = '';
    onSession(data);
  } else $('password-error').textContent = messageOf(data, `修改失败（${status}）`);
});

$('logout').addEventListener('click', async () => {
  await send('/auth/logout');
  csrfToken = undefined;
  showLogin();
});

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  loadItems().catch((err) => console.error(err));
});
setInterval(() => {
  if (socket) Promise.all([loadEvents(), loadItems()]).catch(() => {});
}, 15000);

fetch('/api/auth/me')
  .then(async (res) => (res.ok ? onSession(await res.json()) : showLogin()))
  .catch(() => showLogin('无法连接服务器'));
