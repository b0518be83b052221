/** The rules of robots.txt that apply to us: the group for our agent, else the group for "*". */
export interface RobotsRules {
  allow: string[];
  disallow: string[];
}

export const USER_AGENT_TOKEN = 'yuqing-collector';

/** Parses robots.txt (RFC 9309): groups of User-agent lines followed by Allow/Disallow rules. */
export function parseRobots(text: string, agent = USER_AGENT_TOKEN): RobotsRules {
  const groups: { agents: string[]; rules: RobotsRules }[] = [];
  let current: { agents: string[]; rules: RobotsRules } | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      // Consecutive User-agent lines share one group.
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: { allow: [], disallow: [] } };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current || value === '') continue;
    if (key === 'allow') current.rules.allow.push(value);
    else if (key === 'disallow') current.rules.disallow.push(value);
  }
  const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && agent.toLowerCase().includes(a)));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  return { allow: chosen.flatMap((g) => g.rules.allow), disallow: chosen.flatMap((g) => g.rules.disallow) };
}

/** A rule as a regular expression: "*" matches anything, a trailing "$" anchors the end. */
function ruleMatches(rule: string, path: string): boolean {
  const anchored = rule.endsWith('$');
  const body = (anchored ? rule.slice(0, -1) : rule).split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`).test(path);
}

/** The longest matching rule wins; on a tie Allow wins; no matching rule allows. */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string): boolean {
  const longest = (list: string[]) => Math.max(-1, ...list.filter((r) => ruleMatches(r, pathAndQuery)).map((r) => r.length));
  return longest(rules.allow) >= longest(rules.disallow);
}
