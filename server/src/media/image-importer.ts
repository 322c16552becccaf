import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { errorMessage } from '../utils/error-message';
import { fetchImage, ImageFetchError, type FetchPolicy } from './fetch-image';
import { imageFileName } from './file-name';
import type { createImageLinks } from './image-links';
import type { MessageImage } from './images-of-message';
import type { ImageAttempt } from './media-queue';
import type { MediaSources } from './media-sources';
import { uploadRefusal, type UploadSecurity } from './upload-policy';

interface StoredFile {
  id: number;
}

/** A failure that no retry mends; the job ends and the reason is recorded. */
export class PermanentImageError extends Error {
  override name = 'PermanentImageError';
}

/**
 * Brings one image of the feed into the Media Library: downloads it under the fetch policy, makes
 * one file per content (identical bytes under two URLs share one), stores it through the upload
 * plugin's service (the site's provider, formats by sharp), and links it to every image component
 * made from its URL.
 */
export function createImageImporter(
  strapi: Core.Strapi,
  sources: MediaSources,
  links: ReturnType<typeof createImageLinks>,
  policy: () => FetchPolicy
) {
  const uploadService = () =>
    strapi.plugin('upload').service('upload') as {
      upload(
        input: { data: { fileInfo: Record<string, unknown> }; files: Record<string, unknown> },
        opts?: unknown
      ): Promise<StoredFile[]>;
    };

  async function fileExists(id: number): Promise<boolean> {
    const file = await strapi.db
      .query('plugin::upload.file')
      .findOne({ where: { id }, select: ['id'] });
    return Boolean(file);
  }

  async function store(image: MessageImage, bytes: Buffer, mime: string, extension: string) {
    const refusal = uploadRefusal(
      mime,
      strapi.config.get('plugin::upload.security') as UploadSecurity | undefined
    );
    if (refusal) throw new PermanentImageError(refusal);
    const name = imageFileName(image.label, extension);
    const directory = await mkdtemp(path.join(tmpdir(), 'stager-image-'));
    const filepath = path.join(directory, name);
    try {
      await writeFile(filepath, bytes);
      const [file] = await uploadService().upload({
        data: {
          fileInfo: { name, alternativeText: image.alt ?? null, caption: null },
        },
        files: { filepath, originalFilename: name, mimetype: mime, size: bytes.length },
      });
      return file.id;
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  /** The file for these bytes: one stored already for identical bytes, or a new one. */
  async function fileFor(image: MessageImage, bytes: Buffer, mime: string, extension: string) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const twin = await sources.storedWithSha256(sha256);
    if (twin?.fileId && (await fileExists(twin.fileId))) return { fileId: twin.fileId, sha256 };
    return { fileId: await store(image, bytes, mime, extension), sha256 };
  }

  return async function importImage(image: MessageImage, attempt: ImageAttempt): Promise<void> {
    const source = await sources.byUrl(image.url);
    // Stored by an earlier job (this URL was queued again meanwhile): link what lacks it.
    if (source?.state === 'stored' && source.fileId && (await fileExists(source.fileId))) {
      await links.linkStored(new Map([[image.url, source.fileId]]));
      return;
    }
    if (!source) await sources.addPending([image]);
    try {
      const fetched = await fetchImage(image.url, policy());
      const { fileId, sha256 } = await fileFor(
        image,
        fetched.bytes,
        fetched.type.mime,
        fetched.type.extension
      );
      await sources.stored(image.url, fileId, sha256, attempt.number);
      await links.linkStored(new Map([[image.url, fileId]]));
    } catch (error) {
      const reason = errorMessage(error);
      const retryable =
        error instanceof ImageFetchError
          ? error.retryable
          : !(error instanceof PermanentImageError) && !isUploadRefusal(error);
      if (!retryable || attempt.isLast) {
        await sources.failed(image.url, reason, attempt.number);
        return;
      }
      await sources.attempted(
        image.url,
        attempt.number,
        `attempt ${attempt.number} failed: ${reason}`
      );
      throw error;
    }
  };
}

/** The upload service's own refusals (a size limit, an invalid image): trying again stores nothing. */
function isUploadRefusal(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return (
    name === 'ApplicationError' || name === 'PayloadTooLargeError' || name === 'ValidationError'
  );
}
