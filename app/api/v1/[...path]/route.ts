import { AppError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/api-route';

// Anything else under /api/v1: a JSON 404 (after authentication, so it reveals nothing).
const notFound = apiRoute('/v1/*', async ({ request }) => {
  throw new AppError('not_found', `no route ${request.method} ${new URL(request.url).pathname}`);
});
export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
