import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/**
 * A private hub token must outlive a restart (the download job is durable) yet never sit in the
 * database in clear: it is stored sealed with AES-256-GCM. The key comes from LAMINI_SECRET_KEY
 * (a Kubernetes Secret) or, on a single machine, from a file created in the data directory.
 */
@Injectable()
export class TokenCipher {
  private key: Buffer | undefined;

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey(), iv);
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
  }

  open(sealed: string): string {
    const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.secretKey(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  private secretKey(): Buffer {
    if (this.key) return this.key;
    if (this.config.secretKey) return (this.key = Buffer.from(this.config.secretKey, 'hex'));
    const file = this.config.secretKeyFile;
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    return (this.key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
  }
}
