import { segment, type HooklineClient } from '../client.ts';
import type {
  CallOptions,
  CreatedEndpoint,
  CreateEndpointInput,
  Endpoint,
  EndpointPage,
  EndpointSigningKeys,
  PageQuery,
  RecoverEndpointInput,
  RecoverResult,
  RotatedSecret,
  RotateSecretInput,
  UpdateEndpointInput,
} from '../types.ts';
import { eachItem } from './pages.ts';

const path = (id: string, rest = '') => `/endpoints/${segment(id)}${rest}`;

export class Endpoints {
  constructor(private readonly client: HooklineClient) {}

  /** Registers an endpoint; the answer carries its signing secret (or public key) this once. Not retried automatically. */
  async create(endpoint: CreateEndpointInput, options: CallOptions = {}): Promise<CreatedEndpoint> {
    return (await this.client.request<CreatedEndpoint>('POST', '/endpoints', { ...options, body: endpoint })).body;
  }

  async list(query: PageQuery = {}, options: CallOptions = {}): Promise<EndpointPage> {
    return (await this.client.request<EndpointPage>('GET', '/endpoints', { ...options, query })).body;
  }

  iterate(query: PageQuery = {}): AsyncGenerator<Endpoint> {
    return eachItem((q) => this.list(q), query);
  }

  async get(id: string, options: CallOptions = {}): Promise<Endpoint> {
    return (await this.client.request<Endpoint>('GET', path(id), options)).body;
  }

  /** Changes the fields given; `{ disabled: true }` disables, `false` enables again. */
  async update(id: string, changes: UpdateEndpointInput, options: CallOptions = {}): Promise<Endpoint> {
    return (await this.client.request<Endpoint>('PATCH', path(id), { ...options, body: changes })).body;
  }

  /** Deletes it with its secrets and delivery history. */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await this.client.request<null>('DELETE', path(id), options);
  }

  /** The current secret and those still signing during a rotation grace. */
  async getSecret(id: string, options: CallOptions = {}): Promise<EndpointSigningKeys> {
    return (await this.client.request<EndpointSigningKeys>('GET', path(id, '/secret'), options)).body;
  }

  /** A new secret; the old one keeps signing for `graceHours` (default 24). */
  async rotateSecret(id: string, input: RotateSecretInput = {}, options: CallOptions = {}): Promise<RotatedSecret> {
    return (await this.client.request<RotatedSecret>('POST', path(id, '/rotate-secret'), { ...options, body: input })).body;
  }

  /** One more attempt for every delivery to it that failed for good since `since`. */
  async recover(id: string, input: RecoverEndpointInput, options: CallOptions = {}): Promise<RecoverResult> {
    const body = { since: iso(input.since), ...(input.until === undefined ? {} : { until: iso(input.until) }) };
    return (await this.client.request<RecoverResult>('POST', path(id, '/recover'), { ...options, body })).body;
  }
}

const iso = (value: string | Date) => (value instanceof Date ? value.toISOString() : value);
