import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

import { projectRoot } from '../../stack/project-root';

// The files are the proto3 JSON that the Temporal CLI, the UI's download and the SDK's
// historyToJSON/historyFromJSON (@temporalio/common) write and read. Those two SDK functions
// throw "type must be a Type" in this install: npm nests one copy of protobufjs 8 under
// @temporalio/common and another under @temporalio/proto (the top-level slot holds grpc's
// protobufjs 7), and protobufjs's JSON codec accepts only message types from its own copy.
// So the codec is taken from the copy that @temporalio/proto's message types come from.
interface ProtoJsonCodec {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): History | null;
}
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJsonCodec;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export const historyToJson = (history: History): string =>
  JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2);

export function historyFromJson(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('Not a history');
  return history;
}

/**
 * The client and worker identity the recorder uses, so that no history names
 * the machine it was recorded on (Temporal's default is "<pid>@<hostname>").
 */
export const RECORDER_IDENTITY = 'history-recorder';

/** Where the committed histories live: one folder per workflow type, one file per scenario. */
export const historiesDir = (): string => path.join(projectRoot(), 'test', 'histories');

export interface CommittedHistory {
  /** e.g. "visitProgramme/declined-replaced-reported.json"; also the workflow ID the replay uses. */
  file: string;
  workflowType: string;
  history: History;
}

/** The workflow type a history ran, from its first event (histories carry no workflow ID). */
export function workflowTypeOf(history: History): string {
  const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
  if (!type) throw new Error('A history must begin with WorkflowExecutionStarted.');
  return type;
}

/** Every history file under test/histories/<workflow type>/, sorted by path. */
export function readCommittedHistories(): CommittedHistory[] {
  const root = historiesDir();
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) =>
      fs
        .readdirSync(path.join(root, folder.name))
        .filter((name) => name.endsWith('.json'))
        .map((name) => `${folder.name}/${name}`),
    )
    .sort()
    .map((file) => {
      const history = historyFromJson(JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')));
      return { file, workflowType: workflowTypeOf(history), history };
    });
}
