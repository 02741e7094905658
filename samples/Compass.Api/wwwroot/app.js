// Compass web UI: chat → specification → plan → recommendations, cost chart, manifests, deployment, live test.
import { api, apiBlob, apiStream, readSse, ApiError } from './api.js';
import { scatterChart, lineChart } from './chart.js';

const $ = (sel, root = document) => root.querySelector(sel);
const state = {
  conversationId: null,
  description: '',
  userMessages: [],
  plan: null,
  dirty: new Set(),      // spec fields the user has edited: only these are sent as overrides
  planAbort: null,
  planSeq: 0,
  watchTimer: null,
  monitorAbort: null,
};

// ---------- formatting ----------
const nf = (d = 0) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
const fmt = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) ? '–' : nf(d).format(v));
const usd = (v) => (v === null || v === undefined ? '–' : `$${nf(0).format(v)}`);
// A recommendation's single-VM alternative (singleVm: as many replicas per VM as its GPUs hold, list on-demand), one entry per provider.
const singleVmText = (vm) => (vm.providers || []).map((p) => (p.match === 'none' ? `${p.provider}: none fits`
  : `${p.provider} ${p.vmCount > 1 ? `${p.vmCount} × ` : ''}${p.match === 'closest' ? '≈' : ''}${p.instance.type}${p.replicasPerVm > 1 ? ` (${p.replicasPerVm} replicas${p.vmCount > 1 ? ' each' : ''})` : ''} ${usd(p.monthlyUsd)}/month`)).join(' · ');
const singleVmTitle = 'The VMs that carry every replica, each running as many as its GPUs hold, at list on-demand prices. ≈ marks the closest instance where the provider has no VM with the planned GPUs: another GPU or count that holds the model, whose speed was not planned.';
const ms = (v) => (v === null || v === undefined ? '–' : v >= 1000 ? `${nf(2).format(v / 1000)} s` : `${nf(v < 10 ? 1 : 0).format(v)} ms`);
const h = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
};
const quantLabel = (r) => `${r.quantization}${r.kvCacheDtype === 'fp8' ? '+kv8' : ''}`;
const recTitle = (r) => `${r.modelName || r.model} · ${quantLabel(r)} · ${r.totalGpus ?? r.replicas * r.tensorParallel}×${r.gpu}`;
const pct = (plan) => plan?.slo?.percentile ?? 95;

// ---------- status and errors ----------
function setStatus(text) { $('#status').textContent = text || ''; }
function showError(err) {
  const box = $('#error');
  for (const f of document.querySelectorAll('[aria-invalid=true]')) { f.removeAttribute('aria-invalid'); f.removeAttribute('aria-describedby'); }
  if (!err) { box.hidden = true; box.textContent = ''; return; }
  if (err.name === 'AbortError') return;
  box.hidden = false;
  box.textContent = err instanceof ApiError ? err.message : `Something went wrong: ${err.message || err}`;
  // The problem names the field it is about (e.g. "overrides.users"): mark that input so it can be found and fixed.
  const fields = [err.problem?.field, ...Object.keys(err.problem?.errors || {})].filter(Boolean);
  for (const field of fields) {
    const name = String(field).split('.').pop();
    const input = $('#spec-form').elements[name];
    if (input instanceof HTMLElement) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', 'error'); }
  }
  if (!(err instanceof ApiError)) console.error(err);
}

// ---------- tabs (WAI-ARIA tabs pattern: arrows, Home/End) ----------
const tabs = [...document.querySelectorAll('[role=tab]')];
function selectTab(tab, focus = true) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(`#${t.getAttribute('aria-controls')}`).hidden = !on;
  }
  if (focus) tab.focus();
  if (tab.id === 'tab-cost') renderChart();
}
tabs.forEach((t, i) => {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    const k = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (k === undefined) return;
    e.preventDefault();
    selectTab(tabs[(k + tabs.length) % tabs.length]);
  });
});
const showTab = (id) => selectTab($(`#${id}`), false);

// ---------- chat ----------
function addMessage(role, text) {
  // Long answers (a whole recommendation) keep their first lines visible and fold the rest.
  const lines = text.split('\n');
  const body = lines.length > 6
    ? [lines.slice(0, 4).join('\n'), h('details', {}, h('summary', { text: `${lines.length - 4} more line(s)` }), lines.slice(4).join('\n'))]
    : [text];
  const li = h('li', { class: role }, h('span', { class: 'visually-hidden', text: role === 'user' ? 'You: ' : 'Compass: ' }), ...body);
  $('#chat-log').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

// The API answers {id, reply: {kind, message, changes, plan}, state}; older shapes (reply as text) are accepted too.
function replyOf(res) {
  const r = res?.reply;
  if (typeof r === 'string') return { kind: '', message: r, changes: [], plan: res.plan || null };
  return { kind: String(r?.kind || '').toLowerCase(), message: r?.message || r?.text || '', changes: r?.changes || [], plan: r?.plan || res?.plan || null };
}

async function sendChat(message) {
  showError(null);
  addMessage('user', message);
  state.userMessages.push(message);
  $('#chat-send').disabled = true;
  setStatus('Compass is reading your request…');
  try {
    let res;
    try {
      res = state.conversationId
        ? await api(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages`, { message })
        : await api('/api/conversations', { message });
      state.conversationId = res.id ?? res.conversationId ?? state.conversationId;
    } catch (e) {
      // The conversation expired (404): start a new one with everything said so far.
      if (!(e instanceof ApiError) || e.status !== 404 || !state.conversationId) throw e;
      state.conversationId = null;
      res = await api('/api/conversations', { message: state.userMessages.join('. ') });
      state.conversationId = res.id ?? null;
    }
    const reply = replyOf(res);
    const text = reply.message + (reply.changes.length ? `\n(${reply.changes.join('; ')})` : '');
    if (text) addMessage('assistant', text);
    state.description = state.userMessages.join('. ');
    if (reply.plan?.recommendations && !state.dirty.size) {
      setPlan(reply.plan);
    } else if (reply.plan?.recommendations) {
      await replan(); // the user has edited the specification: plan the conversation's description with those edits
    } else if (reply.kind === 'question' || reply.kind === 'clarification') {
      setStatus('Compass needs one more detail: answer in the chat.');
      $('#chat-input').focus();
    } else {
      await replan();
    }
  } catch (e) {
    showError(e);
    setStatus('');
  } finally {
    $('#chat-send').disabled = false;
  }
}

$('#chat-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('#chat-input');
  const message = input.value.trim();
  if (!message) return;
  input.value = '';
  sendChat(message);
});
$('#chat-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('#chat-form').requestSubmit(); }
});
$('#chat-new').addEventListener('click', () => {
  Object.assign(state, { conversationId: null, description: '', userMessages: [], plan: null });
  state.dirty.clear();
  $('#chat-log').replaceChildren();
  $('#spec-form').reset();
  setPlan(null);
  $('#chat-input').focus();
});

// ---------- specification ----------
const specFields = ['useCase', 'users', 'qps', 'peakMultiplier', 'percentile', 'ttftMs', 'itlMs', 'e2eMs', 'gpus', 'models',
  'budgetUsdPerMonth', 'provider', 'deployment', 'pricing', 'latency', 'cost', 'accuracy', 'quantizations', 'headroom', 'redundancy'];
const numeric = new Set(['users', 'qps', 'peakMultiplier', 'percentile', 'ttftMs', 'itlMs', 'e2eMs', 'budgetUsdPerMonth', 'headroom', 'redundancy']);
const listFields = new Set(['gpus', 'models', 'quantizations']);

function overridesFromForm() {
  const form = $('#spec-form');
  const o = {};
  for (const name of state.dirty) {
    const v = form.elements[name]?.value?.trim();
    if (!v) continue;
    if (numeric.has(name)) { const n = Number(v); if (Number.isFinite(n)) o[name] = n; }
    else if (listFields.has(name)) o[name] = v.split(',').map((s) => s.trim()).filter(Boolean);
    else o[name] = v;
  }
  // Users and QPS: whichever the user touched last wins; don't send a stale derived QPS.
  if ('users' in o && state.lastRate === 'users') delete o.qps;
  if ('qps' in o && state.lastRate === 'qps') delete o.users;
  return o;
}

function fillSpec(plan) {
  const form = $('#spec-form');
  const set = (name, value) => {
    const f = form.elements[name];
    if (!f || state.dirty.has(name) || value === undefined || value === null) return;
    f.value = Array.isArray(value) ? value.join(', ') : String(value);
  };
  if (!plan) return;
  const t = plan.traffic || {}; const s = plan.slo || {}; const c = plan.constraints || {}; const i = plan.intent || {};
  set('useCase', plan.useCase);
  set('users', t.userCount ?? i.userCount);
  set('qps', t.meanQps !== undefined ? +t.meanQps.toFixed(3) : undefined);
  if (t.meanQps && t.peakQps) set('peakMultiplier', +(t.peakQps / t.meanQps).toFixed(2));
  set('percentile', s.percentile);
  set('ttftMs', s.ttftMs); set('itlMs', s.itlMs); set('e2eMs', s.e2eMs);
  set('gpus', c.gpus); set('models', c.models); set('quantizations', c.quantizations);
  set('headroom', c.headroom); set('redundancy', c.redundantReplicas);
  set('budgetUsdPerMonth', c.budgetUsdPerMonth ?? c.maxMonthlyCostUsd);
  set('deployment', c.deploymentModel); set('pricing', c.pricingTier); set('provider', c.provider);
  set('latency', c.latencyPriority); set('cost', c.costPriority); set('accuracy', c.accuracyPriority);
}

let specTimer;
$('#spec-form').addEventListener('input', (e) => {
  const name = e.target.name;
  if (!name) return;
  state.dirty.add(name);
  if (name === 'users' || name === 'qps') state.lastRate = name;
  if ($('#spec-auto').checked) {
    clearTimeout(specTimer);
    specTimer = setTimeout(() => replan(), 700);
  }
});
$('#spec-form').addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(specTimer); replan(); });

async function replan() {
  showError(null);
  const overrides = overridesFromForm();
  if (!state.description && !Object.keys(overrides).length) return;
  state.planAbort?.abort();
  const abort = new AbortController();
  state.planAbort = abort;
  const seq = ++state.planSeq;
  setStatus('Planning…');
  $('#spec-plan').disabled = true;
  try {
    const body = { top: 10 };
    if (state.description) body.description = state.description;
    if (Object.keys(overrides).length) body.overrides = overrides;
    const plan = await apiStream('/api/plan', body, (p) => {
      if (seq === state.planSeq) setStatus(`Planning… ${typeof p === 'string' ? p : p?.message || p?.stage || ''}`);
    }, abort.signal);
    if (seq !== state.planSeq) return;
    setPlan(plan);
  } catch (e) {
    if (seq === state.planSeq) { showError(e); setStatus(''); }
  } finally {
    if (seq === state.planSeq) $('#spec-plan').disabled = false;
  }
}

// ---------- plan rendering ----------
function setPlan(plan) {
  state.plan = plan;
  fillSpec(plan);
  renderSummary(plan);
  renderRecommendations(plan);
  renderChart();
  renderDeployChoices(plan);
  $('#yaml-docs').replaceChildren();
  const recs = plan?.recommendations || [];
  setStatus(plan ? `Plan ready: ${recs.length} recommendation(s) from ${fmt(plan.candidatesConsidered)} configurations.` : '');
  document.body.dataset.planVersion = String(state.planSeq);
  // Offer the current plan as scenario A of a comparison (the user picks B).
  const aUsers = $('#cmp-a-users');
  if (plan?.traffic?.userCount && !aUsers.value) aUsers.placeholder = String(plan.traffic.userCount);
  if (plan?.traffic?.userCount) $('#cmp-b-users').placeholder = `e.g. ${plan.traffic.userCount * 4}`;
  if (plan && plan.slo) $('#mon-target').textContent = `${ms(plan.slo.ttftMs)} / ${ms(plan.slo.itlMs)}`;
}

function renderSummary(plan) {
  const p = $('#spec-summary');
  if (!plan) { p.textContent = 'No plan yet: describe your use case in the chat, or fill in the specification.'; return; }
  const t = plan.traffic || {}; const s = plan.slo || {};
  p.textContent = `${(plan.useCase || '').replaceAll('_', ' ')}: ${fmt(t.userCount)} users, ${fmt(t.meanQps, 2)} req/s mean, `
    + `${fmt(t.peakQps, 2)} req/s peak; SLO p${pct(plan)} TTFT ≤ ${ms(s.ttftMs)}, ITL ≤ ${ms(s.itlMs)}, E2E ≤ ${ms(s.e2eMs)}.`;
  $('#spec-traffic-text').textContent = [t.derivation,
    t.promptTokens && `Prompts: ${t.promptTokens.kind} mean ${t.promptTokens.mean}, p95 ${t.promptTokens.p95} tokens`,
    t.outputTokens && `Outputs: ${t.outputTokens.kind} mean ${t.outputTokens.mean}, p95 ${t.outputTokens.p95} tokens`,
    t.arrival && `Arrivals: ${t.arrival.kind}`,
    plan.extraction && `Read by the ${plan.extraction.extractor} extractor${plan.extraction.notes?.length ? `: ${plan.extraction.notes.join('; ')}` : ''}`,
  ].filter(Boolean).join('\n');
}

function latencyCell(pred, target) {
  return `${ms(pred)} / ${ms(target)}`;
}

function renderRecommendations(plan) {
  const cards = $('#recs-cards'); const tbody = $('#recs-table tbody');
  cards.replaceChildren(); tbody.replaceChildren();
  $('#recs-excluded').replaceChildren(); $('#recs-notes').replaceChildren();
  if (!plan) return;
  const recs = plan.recommendations || [];
  if (!recs.length) cards.append(h('p', { text: 'No configuration meets these SLOs. See "Left out" below for why.' }));
  const s = plan.slo || {};
  recs.forEach((r, idx) => {
    const p = r.predicted || {};
    cards.append(h('article', { class: `card${idx === 0 ? ' top-pick' : ''}`, 'data-testid': 'rec-card', 'aria-label': `Recommendation ${r.rank}` },
      h('h4', {}, `#${r.rank} ${r.modelName || r.model}`),
      h('div', { class: 'meta' }, `${quantLabel(r)} on ${r.gpu} · TP ${r.tensorParallel} × ${r.replicas} replica(s) = ${r.totalGpus} GPU(s)`),
      h('div', {},
        r.onParetoFrontier ? h('span', { class: 'badge pareto', text: 'Pareto' }) : null,
        h('span', { class: `badge ${r.meetsSlo ? 'ok' : 'bad'}`, text: r.meetsSlo ? 'meets SLO' : 'misses SLO' }),
        h('span', { class: 'badge', text: r.source || p.source || '' })),
      h('dl', {},
        h('dt', { text: `TTFT p${pct(plan)}` }), h('dd', { text: latencyCell(p.ttftMs, s.ttftMs) }),
        h('dt', { text: 'ITL' }), h('dd', { text: latencyCell(p.itlMs, s.itlMs) }),
        h('dt', { text: 'E2E' }), h('dd', { text: latencyCell(p.e2eMs, s.e2eMs) }),
        h('dt', { text: 'Cost' }), h('dd', { text: `${usd(r.monthlyCostUsd)}/month${r.cost?.usdPerMillionOutputTokens ? ` · $${fmt(r.cost.usdPerMillionOutputTokens, 2)}/1M tok` : ''}` }),
        r.singleVm ? [h('dt', { text: 'Single VM' }), h('dd', { 'data-testid': 'single-vm', title: singleVmTitle, text: singleVmText(r.singleVm) })] : null,
        r.quality?.score !== undefined ? [h('dt', { text: 'Quality' }), h('dd', { text: fmt(r.quality.score, 1) })] : null),
      h('p', { class: 'why', text: r.explanation || '' }),
      (r.tradeoffs?.length || r.warnings?.length) ? h('ul', { class: 'why' },
        ...(r.tradeoffs || []).map((t) => h('li', { text: t })),
        ...(r.warnings || []).map((w) => h('li', { class: 'warn', text: `⚠ ${w}` }))) : null));
    tbody.append(h('tr', { 'data-rank': r.rank },
      h('td', { text: r.rank }), h('td', { text: r.modelName || r.model, title: r.model }), h('td', { text: quantLabel(r) }),
      h('td', { text: r.gpu }), h('td', { class: 'num', text: r.tensorParallel }), h('td', { class: 'num', text: r.replicas }),
      h('td', { class: 'num', text: r.totalGpus }),
      h('td', { class: 'num', text: latencyCell(p.ttftMs, s.ttftMs) }), h('td', { class: 'num', text: latencyCell(p.itlMs, s.itlMs) }),
      h('td', { class: 'num', text: latencyCell(p.e2eMs, s.e2eMs) }), h('td', { class: 'num', text: usd(r.monthlyCostUsd) }),
      h('td', { class: 'num', text: fmt(r.quality?.score, 1) }), h('td', { text: r.source || '' }),
      h('td', { text: r.onParetoFrontier ? '★' : '', 'aria-label': r.onParetoFrontier ? 'on the Pareto frontier' : 'not on the frontier' })));
  });
  for (const x of plan.excluded || []) {
    $('#recs-excluded').append(h('li', {}, h('strong', { text: `${fmt(x.count)} ${x.reason}` }), x.example ? `, e.g. ${x.example}` : ''));
  }
  for (const n of plan.notes || []) $('#recs-notes').append(h('li', { text: n }));
}

function renderChart() {
  const plan = state.plan;
  const recs = plan?.recommendations || [];
  const points = recs.filter((r) => r.predicted?.e2eMs > 0 && r.monthlyCostUsd > 0).map((r) => ({
    x: r.predicted.e2eMs, y: r.monthlyCostUsd, label: `#${r.rank} ${recTitle(r)}`, short: `#${r.rank}`,
    detail: r.onParetoFrontier ? 'on the cost/latency/quality frontier' : '', highlight: r.onParetoFrontier, rank: r.rank,
  }));
  scatterChart($('#cost-chart'), points, {
    title: 'Monthly cost against predicted end-to-end latency', xLabel: `p${pct(plan)} E2E latency`, yLabel: 'Cost ($/month)',
    xFormat: (v) => ms(v), yFormat: (v) => usd(v), xLimit: plan?.slo?.e2eMs,
    onSelect: (p) => { showTab('tab-recs'); $(`#recs-table tr[data-rank="${p.rank}"]`)?.scrollIntoView({ block: 'center' }); },
  });
  $('#cost-caption').textContent = points.length
    ? `${points.length} recommendation(s). Orange points are on the plan's cost/latency/quality Pareto frontier; the dashed line is the cost-vs-latency frontier; the red dotted line is the E2E SLO.`
    : '';
  const bd = $('#cost-breakdown');
  bd.replaceChildren();
  if (recs.length) {
    bd.append(h('table', {}, h('caption', { text: 'How each cost is made up' }),
      h('thead', {}, h('tr', {}, h('th', { text: '#' }), h('th', { text: 'Basis' }), h('th', { class: 'num', text: '$/hour' }), h('th', { class: 'num', text: '$/month' }))),
      h('tbody', {}, recs.map((r) => h('tr', {}, h('td', { text: r.rank }), h('td', { text: r.cost?.basis || '' }),
        h('td', { class: 'num', text: fmt(r.cost?.hourlyUsd, 2) }), h('td', { class: 'num', text: usd(r.monthlyCostUsd) }))))));
  }
}

// ---------- deployment: manifests, download, deploy, watch ----------
function renderDeployChoices(plan) {
  const sel = $('#deploy-rank');
  sel.replaceChildren(...(plan?.recommendations || []).map((r) => h('option', { value: r.rank, text: `#${r.rank} ${recTitle(r)}` })));
}

function manifestOptions() {
  return { name: $('#deploy-name').value.trim() || 'chat', namespace: $('#deploy-ns').value.trim() || 'llm', simulator: $('#deploy-sim').checked };
}

function requirePlan() {
  if (state.plan?.recommendations?.length) return true;
  showError(new Error('Make a plan first: describe your use case in the chat.'));
  return false;
}

async function loadManifests() {
  if (!requirePlan()) return null;
  showError(null);
  const res = await api('/api/manifests', { plan: state.plan, rank: Number($('#deploy-rank').value) || 1, options: manifestOptions() });
  const docs = res.documents || [];
  state.manifestYaml = typeof res.yaml === 'string' ? res.yaml : null;
  const box = $('#yaml-docs');
  box.replaceChildren(...docs.map((d) => h('article', { 'data-kind': d.kind },
    h('header', {}, h('span', {}, h('strong', { text: d.kind }), ` ${d.name || ''}`), h('code', { text: d.fileName || '' })),
    h('pre', { tabindex: 0, 'aria-label': `${d.kind} ${d.name || ''} YAML` }, h('code', { text: d.yaml })))));
  $('#yaml-notes').replaceChildren(...[].concat(res.notes || []).map((n) => h('li', { text: n })));
  return docs;
}

function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

$('#yaml-show').addEventListener('click', async () => {
  try { await loadManifests(); } catch (e) { showError(e); }
});
$('#yaml-download').addEventListener('click', async () => {
  try {
    const docs = await loadManifests();
    if (!docs) return;
    const yaml = state.manifestYaml || `${docs.map((d) => d.yaml.replace(/\s+$/, '')).join('\n---\n')}\n`;
    download(new Blob([yaml], { type: 'application/yaml' }), `${manifestOptions().name}.yaml`);
  } catch (e) { showError(e); }
});
$('#zip-download').addEventListener('click', async () => {
  if (!requirePlan()) return;
  try {
    const { blob, fileName } = await apiBlob('/api/manifests/zip', { plan: state.plan, rank: Number($('#deploy-rank').value) || 1, options: manifestOptions() });
    download(blob, fileName || `${manifestOptions().name}-manifests.zip`);
  } catch (e) { showError(e); }
});

function statusText(s) {
  if (typeof s === 'string') return s;
  if (s && typeof s.ready === 'boolean' && Array.isArray(s.conditions)) {
    // A DeploymentStatus: the verdict first, then what blocks it, the pods and the latest events.
    const pods = s.pods || [];
    const blocking = s.conditions.find((c) => String(c.status).toLowerCase() !== 'true' && c.type !== 'Ready')
      || s.conditions.find((c) => String(c.status).toLowerCase() !== 'true');
    return [
      `${s.name} in ${s.namespace}: ${s.ready ? 'READY' : 'not ready yet'}${s.revision ? ` (revision ${s.revision})` : ''}`,
      s.url ? `URL: ${s.url}` : null,
      `Pods: ${pods.filter((p) => p.ready).length}/${pods.length} ready${pods.length ? ` (${pods.map((p) => `${p.name} ${p.phase || ''}`.trim()).join(', ')})` : ''}`,
      !s.ready && blocking ? `Waiting on ${blocking.type}: ${[blocking.reason, blocking.message].filter(Boolean).join(' — ')}` : null,
      'Conditions: ' + (s.conditions.map((c) => `${c.type}=${c.status}`).join(', ') || 'none yet'),
      ...(s.events || []).slice(-5).map((e) => `event: ${[e.type, e.reason, e.message].filter(Boolean).join(' ')}`),
    ].filter(Boolean).join('\n');
  }
  return JSON.stringify(s, null, 2);
}

$('#deploy-run').addEventListener('click', async () => {
  if (!requirePlan()) return;
  showError(null);
  const o = manifestOptions();
  const out = $('#deploy-status');
  out.textContent = 'Deploying…';
  try {
    const res = await api('/api/deployments', {
      plan: state.plan, rank: Number($('#deploy-rank').value) || 1, options: o, namespace: o.namespace, name: o.name,
      dryRun: $('#deploy-dry').checked, createNamespace: $('#deploy-create-ns').checked,
    });
    out.textContent = res?.dryRun
      ? `Dry run on ${res.cluster || 'the cluster'}: the server accepted ${res.objects?.length ?? 'all'} object(s); nothing was changed.\n${statusText(res)}`
      : statusText(res);
    if (!$('#deploy-dry').checked) startWatch();
  } catch (e) { out.textContent = ''; showError(e); }
});

function stopWatch() { clearInterval(state.watchTimer); state.watchTimer = null; $('#deploy-watch').textContent = 'Watch status'; }
function startWatch() {
  stopWatch();
  const o = manifestOptions();
  const out = $('#deploy-status');
  const poll = async () => {
    try {
      const s = await api(`/api/deployments/${encodeURIComponent(o.namespace)}/${encodeURIComponent(o.name)}`);
      out.textContent = `${new Date().toLocaleTimeString()}\n${statusText(s)}`;
      out.dataset.ready = String(s?.ready === true);
      if (s?.ready === true) stopWatch();
    } catch (e) { out.textContent = `${new Date().toLocaleTimeString()}\n${e.message}`; }
  };
  poll();
  state.watchTimer = setInterval(poll, 3000);
  $('#deploy-watch').textContent = 'Stop watching';
}
$('#deploy-watch').addEventListener('click', () => (state.watchTimer ? stopWatch() : startWatch()));

// ---------- scenario comparison ----------
const compareRows = [
  ['Users', (p) => fmt(p.traffic?.userCount)],
  ['Peak req/s', (p) => fmt(p.traffic?.peakQps, 2)],
  ['SLO TTFT / ITL / E2E', (p) => `${ms(p.slo?.ttftMs)} / ${ms(p.slo?.itlMs)} / ${ms(p.slo?.e2eMs)}`],
  ['Top model', (p) => p.recommendations?.[0]?.modelName || p.recommendations?.[0]?.model || '–'],
  ['Weight format', (p) => (p.recommendations?.[0] ? quantLabel(p.recommendations[0]) : '–')],
  ['GPU', (p) => p.recommendations?.[0]?.gpu || '–'],
  ['Tensor parallel', (p) => fmt(p.recommendations?.[0]?.tensorParallel)],
  ['Replicas', (p) => fmt(p.recommendations?.[0]?.replicas)],
  ['Total GPUs', (p) => fmt(p.recommendations?.[0]?.totalGpus)],
  ['Predicted TTFT', (p) => ms(p.recommendations?.[0]?.predicted?.ttftMs)],
  ['Predicted E2E', (p) => ms(p.recommendations?.[0]?.predicted?.e2eMs)],
  ['Cost / month', (p) => usd(p.recommendations?.[0]?.monthlyCostUsd)],
];

function scenarioInput(which) {
  const name = $(`#cmp-${which}-name`).value.trim() || which.toUpperCase();
  const description = $(`#cmp-${which}-desc`).value.trim() || state.description || undefined;
  const users = Number($(`#cmp-${which}-users`).value);
  const overrides = { ...overridesFromForm() };
  if (users > 0) { overrides.users = users; delete overrides.qps; }
  return { name, description, overrides: Object.keys(overrides).length ? overrides : undefined, top: 5 };
}

$('#cmp-run').addEventListener('click', async () => {
  showError(null);
  const out = $('#cmp-result');
  const scenarios = [scenarioInput('a'), scenarioInput('b')];
  if (scenarios.some((s) => !s.description && !s.overrides)) {
    showError(new Error('Give each scenario a description (or make a plan first) before comparing.'));
    return;
  }
  out.textContent = 'Comparing…';
  try {
    const res = await api('/api/compare', { scenarios });
    renderComparison(res);
  } catch (e) { out.textContent = ''; showError(e); }
});

function renderComparison(res) {
  const out = $('#cmp-result');
  const scen = res.scenarios || [];
  const head = h('tr', {}, h('th', { scope: 'col', text: 'Field' }), ...scen.map((s) => h('th', { scope: 'col', text: s.name })));
  const rows = compareRows.map(([label, get]) => {
    const values = scen.map((s) => (s.plan ? get(s.plan) : '–'));
    const differs = new Set(values).size > 1;
    return h('tr', { class: differs ? 'diff' : undefined, 'data-differs': differs ? 'true' : 'false' },
      h('th', { scope: 'row' }, label, differs ? h('span', { class: 'visually-hidden', text: ' (differs)' }) : null),
      ...values.map((v) => h('td', { class: differs ? 'diff' : undefined, text: v })));
  });
  const children = [h('table', { class: 'compare-table', 'data-testid': 'compare-table' },
    h('caption', { text: 'Top recommendation of each scenario (highlighted rows differ)' }), h('thead', {}, head), h('tbody', {}, rows))];
  const diffs = res.differences || [];
  if (diffs.length) {
    children.push(h('h4', { text: `Differences (${diffs.length})` }), h('table', { class: 'compare-diffs', 'data-testid': 'compare-diffs' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Field' }), ...scen.map((s) => h('th', { scope: 'col', text: s.name })))),
      h('tbody', {}, diffs.map((d) => h('tr', { class: 'diff' }, h('th', { scope: 'row', text: d.field }),
        ...[].concat(d.values || []).map((v) => h('td', { class: 'diff', text: typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '–') })))))));
  }
  out.replaceChildren(...children);
}

// ---------- monitoring: live test prompts ----------
const mon = { ttfts: [], itls: [], n: 0 };
function resetMonitor() {
  Object.assign(mon, { ttfts: [], itls: [], n: 0 });
  $('#mon-log').textContent = '';
  updateMonitor();
}
function updateMonitor() {
  const last = mon.ttfts.at(-1);
  $('#mon-ttft').textContent = last === undefined ? '–' : ms(last);
  const meanItl = mon.itls.length ? mon.itls.reduce((a, b) => a + b, 0) / mon.itls.length : undefined;
  $('#mon-itl').textContent = meanItl === undefined ? '–' : ms(meanItl);
  $('#mon-n').textContent = String(mon.n);
  const limits = state.plan?.slo ? [{ name: 'TTFT SLO', y: state.plan.slo.ttftMs, color: '#2457c5' }] : [];
  lineChart($('#mon-chart'), [
    { name: 'TTFT ms', color: '#2457c5', values: mon.ttfts.map((y, x) => ({ x: x + 1, y })) },
    { name: 'ITL ms (mean per request)', color: '#d9480f', values: (mon.itlPerReq || []).map((y, x) => ({ x: x + 1, y })) },
  ], { xLabel: 'request', yLabel: 'ms', limits, title: 'TTFT and ITL per test request' });
}
const monLog = (line) => { const log = $('#mon-log'); log.textContent = `${line}\n${log.textContent}`.slice(0, 8000); };

async function browserPrompt(url, model, prompt, maxTokens, signal) {
  const t0 = performance.now();
  const res = await fetch(`${url.replace(/\/$/, '')}/v1/completions`, {
    method: 'POST', signal, headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: model || undefined, prompt, max_tokens: maxTokens, stream: true }),
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  let first; let prev; const gaps = []; let tokens = 0;
  await readSse(res, (_, data) => {
    if (data === '[DONE]') return;
    const now = performance.now();
    if (first === undefined) first = now - t0; else gaps.push(now - prev);
    prev = now; tokens++;
  }, signal);
  return { ttft: first, itl: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : undefined, tokens, e2e: performance.now() - t0 };
}

$('#mon-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(null);
  state.monitorAbort?.abort();
  const abort = new AbortController();
  state.monitorAbort = abort;
  resetMonitor();
  mon.itlPerReq = [];
  const url = $('#mon-url').value.trim(); const model = $('#mon-model').value.trim();
  const count = Math.max(1, Number($('#mon-count').value) || 1); const maxTokens = Number($('#mon-max').value) || 64;
  const prompt = $('#mon-prompt').value;
  try {
    if ($('#mon-mode').value === 'browser') {
      for (let i = 0; i < count && !abort.signal.aborted; i++) {
        const r = await browserPrompt(url, model, prompt, maxTokens, abort.signal);
        mon.n++; if (r.ttft !== undefined) mon.ttfts.push(r.ttft); if (r.itl !== undefined) { mon.itls.push(r.itl); mon.itlPerReq.push(r.itl); }
        monLog(`#${mon.n}: TTFT ${ms(r.ttft)}, ITL ${ms(r.itl)}, ${r.tokens} chunks, E2E ${ms(r.e2e)}`);
        updateMonitor();
      }
    } else {
      if (!model) throw new Error('Give the served model name (as in the server\'s /v1/models): the API\'s load test needs it.');
      monLog(`Load test through the API: ${count} request(s), one at a time…`);
      const report = await apiStream('/api/loadtest', {
        url, model, profile: 'synchronous', requests: count, outputTokens: String(maxTokens),
      }, (p) => monLog(typeof p === 'string' ? p : p?.message || JSON.stringify(p)), abort.signal);
      // A GuideLLM report: benchmarks[].metrics.{time_to_first_token_ms, inter_token_latency_ms}.successful.
      for (const b of report?.benchmarks || []) {
        const m = b.metrics || {};
        const ttft = m.time_to_first_token_ms?.successful; const itl = m.inter_token_latency_ms?.successful;
        const n = m.request_totals?.successful ?? ttft?.count ?? 0;
        mon.n += n;
        if (ttft?.mean !== undefined) mon.ttfts.push(ttft.mean);
        if (itl?.mean !== undefined) { mon.itls.push(itl.mean); mon.itlPerReq.push(itl.mean); }
        monLog(`benchmark: ${n} ok; TTFT mean ${ms(ttft?.mean)}, p95 ${ms(ttft?.percentiles?.p95)}; ITL mean ${ms(itl?.mean)}, p95 ${ms(itl?.percentiles?.p95)}`);
      }
      updateMonitor();
    }
  } catch (err) {
    if (err.name === 'AbortError') return;
    if ($('#mon-mode').value === 'browser' && err instanceof TypeError) {
      showError(new Error(`The browser could not call ${url} directly (${err.message}); the server probably does not allow cross-origin requests. Choose "Through the Compass API".`));
    } else showError(err);
  }
});
$('#mon-stop').addEventListener('click', () => state.monitorAbort?.abort());

// ---------- catalogs ----------
async function loadCatalogs() {
  const names = (list, ...keys) => (Array.isArray(list) ? list : list?.items || list?.gpus || list?.useCases || list?.models || [])
    .map((x) => (typeof x === 'string' ? x : keys.map((k) => x[k]).find(Boolean))).filter(Boolean);
  try {
    const useCases = names(await api('/api/catalog/use-cases'), 'id', 'useCase', 'name');
    const sel = $('#spec-useCase');
    const current = sel.value;
    sel.replaceChildren(sel.options[0], ...useCases.map((u) => h('option', { value: u, text: u.replaceAll('_', ' ') })));
    sel.value = current || (state.plan?.useCase ?? '');
  } catch { /* the form still works without the list */ }
  try {
    const gpus = names(await api('/api/catalog/gpus'), 'name', 'id', 'gpu');
    $('#gpu-list').replaceChildren(...gpus.map((g) => h('option', { value: g })));
  } catch { /* idem */ }
}

const keyInput = $('#api-key');
keyInput.value = sessionStorage.getItem('compassApiKey') || '';
keyInput.addEventListener('change', () => { sessionStorage.setItem('compassApiKey', keyInput.value.trim()); loadCatalogs(); });

// The live test through the API needs POST /api/loadtest; offer it only when the server's OpenAPI document lists it.
async function detectLoadTest() {
  const option = $('#mon-mode option[value=api]');
  try {
    const doc = await api('/openapi/v1.json');
    if (doc?.paths?.['/api/loadtest']) return;
  } catch { /* no OpenAPI document: assume it is missing */ }
  option.disabled = true;
  option.textContent += ' — not offered by this server';
}

renderChart();
updateMonitor();
detectLoadTest();
loadCatalogs();
document.body.dataset.ready = 'true';
