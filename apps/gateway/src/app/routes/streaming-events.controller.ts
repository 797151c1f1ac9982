import { Get, Param, Res } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { InferenceSubjects, type OwnerContext, type StreamResult } from '@lamini/contracts';
import { ServiceClient } from '@lamini/transport';
import { CurrentOwner } from '../auth/current-owner.decorator';
import { SpecOperation } from '../validation/spec-operation.decorator';
import { ApiRoutes } from './api-route.decorator';

/** How often the stream's state is read for a push client; the service coalesces writes at a similar pace. */
const POLL_MS = 50;

/**
 * Server-Sent Events over a streaming completion, for clients that prefer push to polling. The
 * events come from the same stored state the poll route reads, so they work from any replica.
 * A client that goes away cancels the generation at once.
 */
@ApiRoutes('completions')
export class StreamingEventsController {
  constructor(private readonly services: ServiceClient) {}

  @Get('v3/streaming_completions/:id/events')
  @SpecOperation('streaming_completion_events_v3_streaming_completions__id__events_get')
  @ApiProduces('text/event-stream')
  async events(@CurrentOwner() owner: OwnerContext, @Param('id') id: string, @Res() res: Response) {
    const poll = () => this.services.send(InferenceSubjects.streamResult, owner, { id });
    // The first read happens before any byte is sent, so an unknown id is still a plain 404.
    let state = await poll();
    let closed = false;
    res.on('close', () => {
      closed = true;
      if (state.finish_reason[0] === null) void this.services.send(InferenceSubjects.cancelStream, owner, { id }).catch(() => undefined);
    });
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    let sent = '';
    try {
      while (!closed) {
        const text = textOf(state);
        if (text !== sent) {
          const delta = text.startsWith(sent) ? text.slice(sent.length) : text;
          res.write(event('message', { delta, output: state.outputs[0], finish_reason: null }));
          sent = text;
        }
        if (state.finish_reason[0] !== null) {
          res.write(event('done', { output: state.outputs[0], finish_reason: state.finish_reason[0] }));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!closed) state = await poll();
      }
    } catch (error) {
      if (!closed) res.write(event('error', { detail: (error as { detail?: string }).detail ?? 'stream failed' }));
    }
    res.end();
  }
}

function textOf(state: StreamResult): string {
  const output = state.outputs[0];
  if (!output) return '';
  return typeof output['output'] === 'string' && Object.keys(output).length === 1 ? output['output'] : JSON.stringify(output);
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
