// Registration-time URL rule (the worker checks the resolved address again at delivery).
import { env } from '../env.ts';
import { AppError } from '../errors.ts';
import { checkEndpointUrl } from './url-safety.ts';

export function assertUrlAllowed(url: string): void {
  const verdict = checkEndpointUrl(url, { allowPrivate: env().ALLOW_PRIVATE_ENDPOINTS });
  if (!verdict.ok) {
    throw new AppError('invalid_request', `url: ${verdict.reason}`, [{ path: 'url', message: verdict.reason }]);
  }
}
