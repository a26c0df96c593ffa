import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { withEmojiCharacters } from '../text/emoji';
import { runMessage } from './slack';
import { failureLine, postJson, type Delivery, type RunResult, type Sink, type SinkFactory, SINK_DEADLINE_MS } from './sink';

/** Teams refuses a message over about 28 KB; this leaves room for the note that says what was cut. */
export const MAX_TEAMS_BYTES = 27_000;

type Block = NonNullable<IncomingWebhookSendArguments['blocks']>[number] & { text?: { text: string }; elements?: Array<{ text: string }> };
type Element = Record<string, unknown>;

/**
 * Slack's mrkdwn as an Adaptive Card's markdown: *bold* is **bold**, a quote a plain line, an
 * emoji its character (Teams shows `:x:` as typed), the entities Slack needs decoded, and a
 * markdown link in the target's text broken apart, so that a response can no more add a link to a
 * Teams card than to a Slack message.
 */
function markdown(text: string): string {
  return withEmojiCharacters(text)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\]\(/g, ']\u200b(')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;])/gm, '$1**$2**')
    .replace(/^> ?/gm, '');
}

/** A Slack link, <url|text>, as an Action.OpenUrl. */
function actionsOf(block: Block): Element[] {
  const text = block.elements?.map((element) => element.text).join(' ') ?? '';
  return [...text.matchAll(/<([^|>]+)\|([^>]+)>/g)].map((m) => ({ type: 'Action.OpenUrl', title: m[2], url: decodeURIComponent(m[1]!) }));
}

/**
 * The run's message for Microsoft Teams: a Workflows webhook's payload with one Adaptive Card
 * (version 1.4), the same content as Slack's (the same message, block by block), under Teams'
 * size limit, cutting the last sections and saying how many.
 */
export function teamsMessage(slack: IncomingWebhookSendArguments): object {
  const blocks = (slack.blocks ?? []) as Block[];
  const body: Element[] = [];
  const actions: Element[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separate = true;
      continue;
    }
    if (block.type === 'context') {
      const links = actionsOf(block);
      if (links.length) actions.push(...links);
      else
        body.push({
          type: 'TextBlock',
          text: markdown(block.elements?.map((element) => element.text).join(' ') ?? ''),
          wrap: true,
          isSubtle: true,
          size: 'Small',
        });
      continue;
    }
    const text = block.text?.text ?? '';
    const element: Element =
      block.type === 'header'
        ? { type: 'TextBlock', text: withEmojiCharacters(text), wrap: true, size: 'Large', weight: 'Bolder' }
        : { type: 'TextBlock', text: markdown(text), wrap: true };
    if (separate) element.separator = true;
    separate = false;
    body.push(element);
  }
  const card = (elements: Element[]) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body: elements,
          ...(actions.length ? { actions: actions.slice(0, 5) } : {}),
        },
      },
    ],
  });
  let kept = body;
  while (kept.length > 1 && Buffer.byteLength(JSON.stringify(card(kept))) > MAX_TEAMS_BYTES) kept = kept.slice(0, -1);
  if (kept.length < body.length)
    kept = [
      ...kept.slice(0, -1),
      { type: 'TextBlock', text: `…and ${body.length - kept.length + 1} more (cut to fit Teams; every check is in the report).`, wrap: true, isSubtle: true },
    ];
  // A single section longer than the limit on its own is cut too.
  const whole = card(kept);
  if (Buffer.byteLength(JSON.stringify(whole)) <= MAX_TEAMS_BYTES) return whole;
  return card(kept.map((element) => ({ ...element, text: String(element.text ?? '').slice(0, 2_000) })));
}

/** Microsoft Teams (TEAMS_WEBHOOK_URL, a Workflows webhook; a secret): one card a run, the same as Slack's message. */
class TeamsSink implements Sink {
  readonly id = 'teams';
  readonly name = 'Teams';
  readonly role = 'alert';

  constructor(private readonly url: string) {}

  async send(result: RunResult): Promise<Delivery> {
    const slack = runMessage(result);
    if (!slack) return { delivered: true, line: '' };
    try {
      const status = await postJson(this.url, JSON.stringify(teamsMessage(slack)), AbortSignal.timeout(SINK_DEADLINE_MS));
      if (status < 200 || status > 299) return { delivered: false, line: `Teams: not delivered (HTTP ${status}); tried again next run.` };
      return { delivered: true, line: 'Teams: the alert card was delivered.' };
    } catch (error) {
      return { delivered: false, line: `Teams: not delivered (${failureLine(error, this.url)}); tried again next run.` };
    }
  }
}

export const teamsSink: SinkFactory = (settings) => (settings.teamsWebhookUrl ? new TeamsSink(settings.teamsWebhookUrl) : undefined);
