import { gitHubIssuesSink } from './github-issues';
import { heartbeatSink } from './heartbeat';
import { otelSink } from './otel';
import { pagerDutySink } from './pagerduty';
import { pushgatewaySink } from './pushgateway';
import type { SinkFactory } from './sink';
import { slackSink } from './slack';
import { teamsSink } from './teams';
import { webhookSink } from './webhook';

/** Every sink a run's end may send to, in the order they are sent: adding one is a file and a line here. */
export const SINKS: readonly SinkFactory[] = [slackSink, teamsSink, pagerDutySink, webhookSink, gitHubIssuesSink, pushgatewaySink, otelSink, heartbeatSink];
