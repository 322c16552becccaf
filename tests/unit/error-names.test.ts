import { ConfigError, validateConfig } from '../../server/src/config';
import { AllowlistEntryError, compileAllowlist } from '../../server/src/ingest/allowlist';
import { JsonSyntaxError, parseJsonSkeleton } from '../../server/src/ingest/json-skeleton';
import { BodyReadError } from '../../server/src/ingest/raw-body';
import { ImageFetchError } from '../../server/src/media/fetch-image';
import { PermanentImageError } from '../../server/src/media/image-importer';
import {
  RedisNotConnectedError,
  WorkerAlreadyRunningError,
} from '../../server/src/queue/message-queue';
import { PluginNotRunningError } from '../../server/src/runtime';
import { ProcessingPausedError } from '../../server/src/settings/processing-gate';
import { EncryptionUnavailableError } from '../../server/src/settings/stored-settings';
import { PermanentMessageError } from '../../server/src/sync/types';

/** What a log line or a stack trace starts with. */
const headline = (error: Error) => String(error.stack).split('\n')[0];

describe('the plugin names its own errors, so logs say which one it was', () => {
  it.each([
    new BodyReadError(413, 'too large'),
    new RedisNotConnectedError(),
    new WorkerAlreadyRunningError(),
    new PluginNotRunningError(),
    new ProcessingPausedError(),
    new EncryptionUnavailableError(),
    new PermanentMessageError('no such message type'),
    new PermanentImageError('not an image'),
    new ImageFetchError('answered 404', false),
  ])('$name', (error) => {
    expect(error).toBeInstanceOf(Error);
    expect(headline(error)).toBe(`${error.constructor.name}: ${error.message}`);
  });

  it('where the modules throw them', () => {
    expect(() => validateConfig({})).toThrow(ConfigError);
    expect(() => compileAllowlist(['not-an-address'])).toThrow(AllowlistEntryError);
    expect(() => parseJsonSkeleton(Buffer.from('{"a":'), () => true)).toThrow(JsonSyntaxError);
    for (const [error, name] of [
      [catchOf(() => validateConfig({})), 'ConfigError'],
      [catchOf(() => compileAllowlist(['not-an-address'])), 'AllowlistEntryError'],
      [catchOf(() => parseJsonSkeleton(Buffer.from('{"a":'), () => true)), 'JsonSyntaxError'],
    ] as const) {
      expect(headline(error)).toMatch(new RegExp(`^${name}: `));
    }
  });
});

function catchOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
