// What every view shares: who is signed in, the latest status and the rolling history of samples.

export const HISTORY_LIMIT = 360;

export const state = {
  caller: null,
  status: null,
  /** [{ t: ms, interfaces: { name: { pending, inFlight, quarantined, delivered, deliveredPerMinute } } }] */
  history: [],
};

export const can = {
  operate: () => state.caller && (state.caller.role === 'operator' || state.caller.role === 'admin'),
  administer: () => state.caller && state.caller.role === 'admin',
};

export function addSample(sample) {
  const t = new Date(sample.time).getTime();
  if (state.history.length && state.history[state.history.length - 1].t >= t) return;
  state.history.push({ t, interfaces: sample.interfaces });
  if (state.history.length > HISTORY_LIMIT) state.history.splice(0, state.history.length - HISTORY_LIMIT);
}

export function sampleFromStatus(status) {
  const interfaces = {};
  for (const i of status.interfaces) {
    interfaces[i.interface] = {
      pending: i.pending,
      inFlight: i.inFlight,
      quarantined: i.quarantined,
      delivered: i.delivered,
      deliveredPerMinute: i.deliveredPerMinute,
    };
  }
  return { time: status.time, interfaces };
}
