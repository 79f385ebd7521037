import { describe, expect, it } from 'vitest';
import { deliveriesOfPayload, deliveryIds, FAN_OUT_JOB_SIZE } from './deliver-job.ts';

describe('deliveriesOfPayload', () => {
  it('reads a delivery\'s own job as that one delivery, in the task\'s lane', () => {
    expect(deliveriesOfPayload({ deliveryId: 'dlv_1', token: 't1', trigger: 'manual' }, 'retry')).toEqual({
      jobs: [{ deliveryId: 'dlv_1', token: 't1', trigger: 'manual', lane: 'retry' }],
    });
  });

  it('reads a fan-out job as each of its deliveries, sharing its trigger and trace', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const payload = { deliveries: [{ deliveryId: 'dlv_1', token: 't1' }, { deliveryId: 'dlv_2', token: 't2' }], trigger: 'automatic', traceparent };
    expect(deliveriesOfPayload(payload, 'first')).toEqual({
      jobs: [
        { deliveryId: 'dlv_1', token: 't1', trigger: 'automatic', traceparent, lane: 'first' },
        { deliveryId: 'dlv_2', token: 't2', trigger: 'automatic', traceparent, lane: 'first' },
      ],
    });
    expect(deliveryIds([{ task_identifier: 'deliver', payload }])).toEqual(['dlv_1', 'dlv_2']);
  });

  it('names what makes a payload malformed, single or fan-out', () => {
    const paths = (payload: unknown) => {
      const parsed = deliveriesOfPayload(payload, 'first');
      return 'issues' in parsed ? parsed.issues.map((issue) => issue.path.join('.')) : [];
    };
    expect(paths({ deliveryId: 'dlv_1', trigger: 'automatic' })).toEqual(['token']);
    expect(paths(null)).not.toEqual([]);
    expect(paths({ deliveries: [], trigger: 'automatic' })).toEqual(['deliveries']);
    const tooMany = Array.from({ length: FAN_OUT_JOB_SIZE + 1 }, (_, n) => ({ deliveryId: `dlv_${n}`, token: 't' }));
    expect(paths({ deliveries: tooMany, trigger: 'automatic' })).toEqual(['deliveries']);
    expect(paths({ deliveries: [{ deliveryId: 'dlv_1' }], trigger: 'sometimes' })).toEqual(['deliveries.0.token', 'trigger']);
  });
});
