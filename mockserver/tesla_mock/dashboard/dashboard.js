// The mock vehicle dashboard. It reads the fleet from the admin API's event stream
// (GET /__mock/events, server-sent events) and acts through the admin API; every change it
// shows, its own actions' included, comes back through the stream. Plain JavaScript, no build
// step, nothing loaded from elsewhere.
"use strict";

const API = "/__mock";
const TOKEN_KEY = "tesla-mock-admin-token";
const ROW_HEIGHT = 40; // px, as --row in dashboard.css: the list draws only the rows in view
const HISTORY_POINTS = 600; // per car, for the chart
const JOURNAL_ROWS = 200;
// The server sends a clock event at least every 15 s; a stream quiet for longer is dead.
const STREAM_SILENCE_MS = 40000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  connection: null, // the AbortController of the stream being read
  retryMs: RETRY_FIRST_MS,
  retryTimer: null,
  clock: null, // {now, frozen, time_scale, receivedAt}: the last clock the server sent
  accounts: [],
  ownerOf: new Map(), // car id -> account name
  cars: new Map(), // car id -> its latest view (see DashboardVehicle in spec/mock-admin.yaml)
  order: [], // car ids, account by account, as the fleet lists them
  shown: [], // the ids the filters let through
  faults: [],
  faultsShown: null, // the faults the list shows (JSON): it is rebuilt only when they change
  history: new Map(), // car id -> [{t, level, power, rate, limit}], oldest first: the server's, then the stream's
  snapshotIds: null, // while a snapshot arrives: the ids it has brought so far
  selected: null,
  journal: [], // the selected car's requests, oldest first
  journalFetching: false,
  journalStale: false, // entries arrived while the journal was being fetched: fetch again
  renderQueued: false,
  listDirty: true,
};

const $ = (id) => document.getElementById(id);

// -- the admin token ----------------------------------------------------------------------
function askForToken(problem) {
  $("token-form").hidden = false;
  const error = $("token-error");
  error.hidden = !problem;
  error.textContent = problem || "";
  $("token-input").focus();
}

function tokenRefused(detail) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  stopStream();
  setStatus("refused", "token refused");
  askForToken(
    `The server refused this admin token (401${detail ? ": " + detail : ""}). ` +
      "Use the admin token the server printed at start-up " +
      "(the line 'admin: Authorization: Bearer …'; set with --admin-token or TESLA_MOCK_ADMIN_TOKEN).",
  );
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const token = $("token-input").value.trim();
  if (!token) {
    askForToken("Enter the admin token.");
    return;
  }
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
  $("token-input").value = "";
  $("token-form").hidden = true;
  connect();
});

$("btn-token").addEventListener("click", () => askForToken(""));

// -- the event stream ---------------------------------------------------------------------
function setStatus(status, text) {
  const pill = $("status");
  pill.dataset.status = status;
  pill.textContent = text;
}

function stopStream() {
  if (state.connection) state.connection.abort();
  state.connection = null;
  clearTimeout(state.retryTimer);
}

async function connect() {
  stopStream();
  if (!state.token) {
    askForToken("");
    return;
  }
  const connection = new AbortController();
  state.connection = connection;
  setStatus("connecting", "connecting…");
  let response;
  try {
    response = await fetch(`${API}/events`, {
      headers: { Authorization: `Bearer ${state.token}`, Accept: "text/event-stream" },
      cache: "no-store",
      signal: connection.signal,
    });
  } catch (error) {
    if (connection === state.connection) reconnectLater("the server cannot be reached");
    return;
  }
  if (response.status === 401) {
    tokenRefused(await errorText(response));
    return;
  }
  if (!response.ok) {
    reconnectLater(`the server answered ${response.status} ${await errorText(response)}`);
    return;
  }
  setStatus("live", "live");
  state.retryMs = RETRY_FIRST_MS;
  await readStream(response, connection);
  if (connection === state.connection) reconnectLater("the stream ended");
}

async function readStream(response, connection) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let silence = setTimeout(() => connection.abort(), STREAM_SILENCE_MS);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      clearTimeout(silence);
      silence = setTimeout(() => connection.abort(), STREAM_SILENCE_MS);
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        handleBlock(block);
      }
    }
  } catch (error) {
    // dropped: aborted, the server went away, or the connection broke
  } finally {
    clearTimeout(silence);
  }
}

function reconnectLater(why) {
  state.connection = null;
  const seconds = (state.retryMs / 1000).toFixed(1);
  setStatus("reconnecting", `reconnecting in ${seconds} s (${why})`);
  clearTimeout(state.retryTimer);
  state.retryTimer = setTimeout(connect, state.retryMs);
  state.retryMs = Math.min(state.retryMs * 2, RETRY_MAX_MS);
}

function handleBlock(block) {
  let event = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (!data.length) return;
  const handler = EVENTS[event];
  if (handler) handler(JSON.parse(data.join("\n")));
}

const EVENTS = {
  snapshot(data) {
    setClock(data.clock);
    setAccounts(data.accounts);
    state.faults = data.faults;
    state.snapshotIds = new Set();
    // The server's charging history (the `history` events next) replaces what this page saw:
    // it reaches back before the page was opened, and after a reset or a restart the page's
    // own points would describe cars that are no more.
    state.history = new Map();
    setStatus("live", data.vehicles ? `loading ${data.vehicles} cars…` : "live");
    queueRender(true);
  },
  history(traces) {
    for (const trace of traces) {
      const points = trace.points.map(([t, level, power, rate, limit]) => ({ t, level, power, rate, limit }));
      state.history.set(trace.id, points.slice(-HISTORY_POINTS));
    }
  },
  vehicles(views) {
    for (const view of views) {
      upsertCar(view);
      if (state.snapshotIds) state.snapshotIds.add(view.id);
    }
    queueRender(true);
  },
  ready() {
    for (const id of [...state.cars.keys()]) {
      if (!state.snapshotIds.has(id)) forgetCar(id);
    }
    state.snapshotIds = null;
    setStatus("live", "live");
    if (state.selected && !state.cars.has(state.selected)) select(null);
    else if (state.selected) fetchJournal();
    queueRender(true);
  },
  vehicles_removed(data) {
    for (const id of data.ids) forgetCar(id);
    if (state.selected && !state.cars.has(state.selected)) select(null);
    queueRender(true);
  },
  accounts(data) {
    setAccounts(data.accounts);
    queueRender(true);
  },
  clock(data) {
    setClock(data);
    queueRender(false);
  },
  faults(data) {
    state.faults = data.faults;
    queueRender(false);
  },
  journal(data) {
    if (data.vehicle_id !== state.selected) return;
    if (state.journalFetching) {
      state.journalStale = true;
      return;
    }
    state.journal.push(data.entry);
    if (state.journal.length > JOURNAL_ROWS) state.journal.shift();
    renderJournal();
  },
  journal_cleared(data) {
    if (data.vehicle_id !== state.selected) return;
    state.journal = [];
    renderJournal();
  },
};

// -- the fleet as the page knows it ---------------------------------------------------------
function setClock(clock) {
  state.clock = { ...clock, receivedAt: performance.now() };
  const scale = $("scale-input");
  if (document.activeElement !== scale) scale.value = String(clock.time_scale);
}

function simNow() {
  const clock = state.clock;
  if (!clock) return 0;
  if (clock.frozen) return clock.now;
  return clock.now + ((performance.now() - clock.receivedAt) / 1000) * clock.time_scale;
}

function setAccounts(accounts) {
  state.accounts = accounts;
  state.ownerOf = new Map();
  state.order = [];
  for (const account of accounts) {
    for (const id of account.vehicles) {
      state.ownerOf.set(id, account.name);
      state.order.push(id);
    }
  }
  const select = $("account-filter");
  const chosen = select.value;
  select.replaceChildren(new Option("every account", ""));
  for (const account of accounts) select.add(new Option(account.name, account.name));
  select.value = accounts.some((a) => a.name === chosen) ? chosen : "";
}

function upsertCar(view) {
  state.cars.set(view.id, view);
  let points = state.history.get(view.id);
  if (!points) {
    points = [];
    state.history.set(view.id, points);
  }
  const point = {
    t: view.at,
    level: view.battery_level,
    power: view.charger_power_kw,
    rate: view.battery_level_per_hour,
    limit: view.charge_limit_soc,
  };
  const last = points[points.length - 1];
  if (last && point.t < last.t) return; // older than what the chart has: keep the chart's
  if (last && last.t === point.t) points.pop();
  points.push(point);
  if (points.length > HISTORY_POINTS) points.shift();
}

function forgetCar(id) {
  state.cars.delete(id);
  state.history.delete(id);
}

// A charging car's level between events: linear, up to its limit (spec: DashboardVehicle).
function levelAt(car, t) {
  const rate = car.battery_level_per_hour;
  if (!(rate > 0) || t <= car.at) return car.battery_level;
  const ceiling = Math.max(car.charge_limit_soc, car.battery_level);
  return Math.min(car.battery_level + (rate * (t - car.at)) / 3600, ceiling);
}

function powerAt(car, t) {
  return levelAt(car, t) >= car.charge_limit_soc && car.battery_level_per_hour > 0
    ? 0
    : car.charger_power_kw;
}

function carName(car) {
  return car.display_name || car.vin;
}

function matches(car, text, account) {
  const owner = state.ownerOf.get(car.id) || "";
  if (account && owner !== account) return false;
  if (!text) return true;
  const haystack = `${car.display_name || ""} ${car.vin} ${car.id} ${owner} ${car.state} ${car.charging_state}`;
  return haystack.toLowerCase().includes(text);
}

function applyFilters() {
  const text = $("filter-input").value.trim().toLowerCase();
  const account = $("account-filter").value;
  state.shown = state.order.filter((id) => {
    const car = state.cars.get(id);
    return car && matches(car, text, account);
  });
  const total = state.cars.size;
  $("list-count").textContent =
    state.shown.length === total ? `${total} cars` : `${state.shown.length} of ${total} cars`;
}

$("filter-input").addEventListener("input", () => queueRender(true));
$("account-filter").addEventListener("change", () => queueRender(true));

// -- drawing ---------------------------------------------------------------------------------
function queueRender(listChanged) {
  if (listChanged) state.listDirty = true;
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(render);
}

function render() {
  state.renderQueued = false;
  if (state.listDirty) {
    applyFilters();
    state.listDirty = false;
  }
  renderClock();
  renderList();
  renderDetail();
  renderFaults();
}

function formatTime(seconds, withDate) {
  const iso = new Date(seconds * 1000).toISOString();
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso.slice(11, 19);
}

function renderClock() {
  const clock = state.clock;
  if (!clock) return;
  $("clock-now").textContent = formatTime(simNow(), true);
  const scale = $("clock-scale");
  scale.textContent = clock.frozen ? "frozen" : `×${clock.time_scale}`;
  scale.classList.toggle("frozen", clock.frozen);
  $("btn-freeze").textContent = clock.frozen ? "Run" : "Freeze";
}

const rowPool = [];

function makeRow() {
  const row = document.createElement("div");
  row.className = "row";
  row.innerHTML =
    '<span class="name"><span class="title"></span><span class="sub"></span></span>' +
    '<span class="state"></span><span class="plug"></span><span class="charging-state"></span>' +
    '<span class="battery-cell"><span class="bar-track"><span class="bar-fill"></span>' +
    '<span class="bar-limit"></span></span><span class="pct"></span></span><span class="power num"></span>';
  row.addEventListener("click", () => select(row.dataset.id));
  return row;
}

function renderList() {
  const list = $("list");
  $("list-spacer").style.height = `${state.shown.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 2);
  const count = Math.ceil(list.clientHeight / ROW_HEIGHT) + 4;
  const ids = state.shown.slice(first, first + count);
  const rows = $("list-rows");
  rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
  while (rowPool.length < ids.length) rowPool.push(makeRow());
  const now = simNow();
  ids.forEach((id, index) => {
    const row = rowPool[index];
    const car = state.cars.get(id);
    row.dataset.id = id;
    row.classList.toggle("selected", id === state.selected);
    row.querySelector(".title").textContent = carName(car);
    row.querySelector(".sub").textContent = `${state.ownerOf.get(id) || "?"} · ${car.vin}`;
    const badge = row.querySelector(".state");
    badge.textContent = car.state;
    badge.dataset.state = car.state;
    row.querySelector(".plug").textContent = car.plugged_in ? "plugged" : "unplugged";
    const charging = row.querySelector(".charging-state");
    charging.textContent = car.charging_state;
    charging.dataset.charging = car.charging_state;
    const level = levelAt(car, now);
    drawBar(row.querySelector(".bar-fill"), row.querySelector(".bar-limit"), car, level);
    row.querySelector(".pct").textContent = `${Math.floor(level)}/${car.charge_limit_soc}`;
    row.querySelector(".power").textContent = `${powerAt(car, now).toFixed(1)} kW`;
    if (row.parentNode !== rows || rows.children[index] !== row) rows.insertBefore(row, rows.children[index] || null);
  });
  while (rows.children.length > ids.length) rows.lastChild.remove();
}

$("list").addEventListener("scroll", () => queueRender(false));
window.addEventListener("resize", () => queueRender(false));

function drawBar(fill, limit, car, level) {
  fill.style.width = `${Math.max(0, Math.min(100, level))}%`;
  fill.classList.toggle("is-charging", car.charging_state === "Charging");
  limit.style.left = `calc(${car.charge_limit_soc}% - 1px)`;
}

function select(id) {
  state.selected = id;
  state.journal = [];
  renderJournal();
  if (id) fetchJournal();
  queueRender(false);
}

function hoursText(hours) {
  if (!(hours > 0)) return "—";
  const minutes = Math.round(hours * 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

function renderDetail() {
  const car = state.selected && state.cars.get(state.selected);
  $("detail-empty").hidden = Boolean(car);
  $("detail-body").hidden = !car;
  if (!car) return;
  const now = simNow();
  const level = levelAt(car, now);
  const power = powerAt(car, now);
  $("d-title").textContent = carName(car);
  $("d-vin").textContent = car.vin;
  $("d-account").textContent = state.ownerOf.get(car.id) || "?";
  $("d-id").textContent = car.id;
  $("d-profile").textContent = car.profile;
  drawBar($("d-bar"), $("d-bar-limit"), car, level);
  $("d-battery").textContent = `${level.toFixed(1)} % of ${car.charge_limit_soc} %`;
  $("d-state").textContent = car.state;
  $("d-plug").textContent = car.plugged_in ? "plugged in" : "unplugged";
  $("d-latch").textContent = `${car.charge_port_latch} / door ${car.charge_port_door_open ? "open" : "closed"}`;
  const reached = car.charging_state === "Charging" && power === 0;
  $("d-charging").textContent = reached ? "Charging (limit reached)" : car.charging_state;
  $("d-power").textContent = `${power.toFixed(2)} kW`;
  const energy = car.charge_energy_added + ((level - car.battery_level) / 100) * packKwh(car);
  $("d-energy").textContent = `${energy.toFixed(2)} kWh`;
  const rate = car.battery_level_per_hour;
  $("d-ttf").textContent = rate > 0 ? hoursText((car.charge_limit_soc - level) / rate) : "—";
  $("d-amps").textContent = `${car.charge_current_request} A of ${car.charge_current_request_max} A`;
  $("d-sched").textContent =
    car.scheduled_charging_mode === "StartAt" && car.scheduled_charging_start_time
      ? `starts ${formatTime(car.scheduled_charging_start_time, true)}`
      : car.scheduled_charging_mode;
  $("d-depart").textContent = car.scheduled_departure_time
    ? formatTime(car.scheduled_departure_time, true)
    : "—";
  $("btn-plug").textContent = car.plugged_in ? "Unplug" : "Plug in";
  $("btn-sleep").textContent = car.state === "online" ? "Sleep" : "Wake";
  drawChart(car, now);
}

// The pack size, from the view: power (kW) over level rate (%/h) is a hundredth of it.
function packKwh(car) {
  return car.battery_level_per_hour > 0 ? (car.charger_power_kw / car.battery_level_per_hour) * 100 : 0;
}

// -- the chart: battery level and power over simulated time --------------------------------
function chartSeries(points, now) {
  // Between two points a car charges linearly and stops at its limit; add that corner.
  const level = [];
  const power = [];
  points.forEach((point, index) => {
    const end = index + 1 < points.length ? points[index + 1].t : now;
    level.push([point.t, point.level]);
    power.push([point.t, point.power]);
    if (point.rate > 0 && end > point.t) {
      const full = point.t + ((Math.max(point.limit, point.level) - point.level) / point.rate) * 3600;
      if (full < end) {
        level.push([full, Math.max(point.limit, point.level)], [end, Math.max(point.limit, point.level)]);
        power.push([full, point.power], [full, 0], [end, 0]);
      } else {
        level.push([end, point.level + (point.rate * (end - point.t)) / 3600]);
        power.push([end, point.power]);
      }
    } else {
      level.push([end, point.level]);
      power.push([end, point.power]);
    }
  });
  return { level, power };
}

function drawChart(car, now) {
  const canvas = $("chart");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 640;
  const height = canvas.clientHeight || 220;
  if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
  if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const points = state.history.get(car.id) || [];
  if (!points.length) return;
  const { level, power } = chartSeries(points, Math.max(now, points[points.length - 1].t));
  const left = 40;
  const right = width - 60;
  const top = 10;
  const bottom = height - 24;
  const t0 = points[0].t;
  const t1 = Math.max(level[level.length - 1][0], t0 + 60);
  const maxPower = Math.max(1, ...power.map((p) => p[1])) * 1.1;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (right - left);
  const yLevel = (v) => bottom - (v / 100) * (bottom - top);
  const yPower = (v) => bottom - (v / maxPower) * (bottom - top);
  const styles = getComputedStyle(document.documentElement);

  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = styles.getPropertyValue("--muted");
  ctx.strokeStyle = styles.getPropertyValue("--line");
  ctx.lineWidth = 1;
  for (const v of [0, 25, 50, 75, 100]) {
    ctx.beginPath();
    ctx.moveTo(left, yLevel(v));
    ctx.lineTo(right, yLevel(v));
    ctx.stroke();
    ctx.textAlign = "right";
    ctx.fillText(`${v}%`, left - 4, yLevel(v) + 4);
  }
  ctx.textAlign = "left";
  ctx.fillText(`${(maxPower / 1.1).toFixed(1)} kW`, right + 4, yPower(maxPower / 1.1) + 4);
  ctx.textAlign = "center";
  const withSeconds = t1 - t0 < 15 * 60;
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    ctx.fillText(formatTime(t, false).slice(0, withSeconds ? 8 : 5), x(t), height - 6);
  }

  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = styles.getPropertyValue("--limit");
  ctx.beginPath();
  ctx.moveTo(left, yLevel(car.charge_limit_soc));
  ctx.lineTo(right, yLevel(car.charge_limit_soc));
  ctx.stroke();
  ctx.setLineDash([]);

  const line = (series, y, color) => {
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    series.forEach(([t, v], i) => (i ? ctx.lineTo(x(t), y(v)) : ctx.moveTo(x(t), y(v))));
    ctx.stroke();
  };
  line(power, yPower, styles.getPropertyValue("--power"));
  line(level, yLevel, styles.getPropertyValue("--level"));
  // Now: a dot at the end of each line (the only mark while the clock has not moved).
  const dot = (series, y, color) => {
    const [t, v] = series[series.length - 1];
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(x(t), y(v), 3.5, 0, 2 * Math.PI);
    ctx.fill();
  };
  dot(power, yPower, styles.getPropertyValue("--power"));
  dot(level, yLevel, styles.getPropertyValue("--level"));
  canvas.dataset.points = String(level.length);
  canvas.dataset.from = String(t0); // simulated time of the chart's first point
}

// -- the selected car's journal ----------------------------------------------------------------
async function fetchJournal() {
  const id = state.selected;
  if (!id || state.journalFetching) {
    state.journalStale = true;
    return;
  }
  state.journalFetching = true;
  state.journalStale = false;
  const answer = await api("GET", `/vehicles/${id}/journal?limit=${JOURNAL_ROWS}`);
  state.journalFetching = false;
  if (id !== state.selected) return fetchJournal();
  if (answer) state.journal = answer.entries;
  renderJournal();
  if (state.journalStale) fetchJournal();
}

function renderJournal() {
  const body = $("journal-rows");
  const rows = state.journal
    .slice()
    .reverse()
    .map((entry) => {
      const row = document.createElement("tr");
      const prefix = `/api/1/vehicles/${state.selected}`;
      const path = entry.path.startsWith(prefix) ? `…${entry.path.slice(prefix.length)}` : entry.path;
      const cells = [
        formatTime(entry.time, false),
        entry.method,
        entry.query ? `${path}?${entry.query}` : path,
        entry.body,
        String(entry.status),
      ];
      for (const text of cells) {
        const cell = document.createElement("td");
        cell.textContent = text;
        cell.title = text;
        row.append(cell);
      }
      row.lastChild.className = entry.status < 400 ? "status-ok" : "status-bad";
      return row;
    });
  body.replaceChildren(...rows);
}

// -- faults ------------------------------------------------------------------------------------
function renderFaults() {
  // Every event renders the page; the fault list keeps its elements while its faults stay the
  // same, or a click on a Delete button could land as the button is replaced, and be lost.
  const shown = JSON.stringify(state.faults);
  if (shown === state.faultsShown) return;
  state.faultsShown = shown;
  const list = $("faults-list");
  if (!state.faults.length) {
    const item = document.createElement("li");
    item.className = "none";
    item.textContent = "none";
    list.replaceChildren(item);
    return;
  }
  list.replaceChildren(
    ...state.faults.map((fault) => {
      const item = document.createElement("li");
      item.dataset.faultId = String(fault.id);
      const text = document.createElement("span");
      const target = fault.vehicle_id ? `car ${fault.vehicle_id}` : "every request";
      const times = fault.count === null ? "every time" : `${fault.count} more`;
      const answer = fault.status === null ? "delay only" : `answers ${fault.status}`;
      const extras = [];
      if (fault.latency_ms) extras.push(`+${fault.latency_ms} ms`);
      if (fault.probability !== null) extras.push(`p ${fault.probability}`);
      text.textContent = `#${fault.id} ${answer}, ${times}, ${target}${extras.length ? ", " + extras.join(", ") : ""}`;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Delete";
      remove.addEventListener("click", () => api("DELETE", `/faults/${fault.id}`));
      item.append(text, remove);
      return item;
    }),
  );
}

// -- actions through the admin API --------------------------------------------------------------
async function errorText(response) {
  try {
    const body = await response.json();
    return [body.error, body.error_description].filter(Boolean).join(": ");
  } catch (error) {
    return response.statusText;
  }
}

function showMessage(text, isError) {
  const message = $("message");
  message.textContent = text;
  message.classList.toggle("error", Boolean(isError));
  message.hidden = false;
  clearTimeout(showMessage.timer);
  showMessage.timer = setTimeout(() => (message.hidden = true), isError ? 8000 : 3000);
}

async function api(method, path, body) {
  if (!state.token) {
    askForToken("");
    return null;
  }
  const options = { method, headers: { Authorization: `Bearer ${state.token}` }, cache: "no-store" };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`${API}${path}`, options);
  } catch (error) {
    showMessage(`${method} ${API}${path}: the server cannot be reached`, true);
    return null;
  }
  if (response.status === 401) {
    tokenRefused(await errorText(response));
    return null;
  }
  if (!response.ok) {
    showMessage(`${method} ${API}${path} refused: ${response.status} ${await errorText(response)}`, true);
    return null;
  }
  return response.status === 204 ? {} : response.json();
}

function selectedCar() {
  return state.selected && state.cars.get(state.selected);
}

function patchSelected(changes) {
  const car = selectedCar();
  if (car) api("PATCH", `/vehicles/${car.id}/state`, changes);
}

$("btn-plug").addEventListener("click", () => {
  const car = selectedCar();
  if (car) patchSelected({ plugged_in: !car.plugged_in });
});
$("btn-sleep").addEventListener("click", () => {
  const car = selectedCar();
  if (car) patchSelected({ state: car.state === "online" ? "asleep" : "online" });
});
$("btn-level").addEventListener("click", () => {
  const level = Number($("level-input").value);
  if ($("level-input").value === "" || !Number.isFinite(level)) {
    showMessage("Enter a battery level from 0 to 100.", true);
    return;
  }
  patchSelected({ battery_level: level });
});
$("btn-freeze").addEventListener("click", () => {
  if (state.clock) api("PATCH", "/clock", { frozen: !state.clock.frozen });
});
$("btn-scale").addEventListener("click", () => {
  const scale = Number($("scale-input").value);
  if (!(scale > 0)) {
    showMessage("The time scale is a number above 0.", true);
    return;
  }
  api("PATCH", "/clock", { time_scale: scale });
});
$("btn-advance").addEventListener("click", () => {
  const minutes = Number($("advance-input").value);
  if (!(minutes > 0)) {
    showMessage("Advance by a number of minutes above 0.", true);
    return;
  }
  api("POST", "/clock/advance", { minutes });
});
$("btn-reset").addEventListener("click", () => api("POST", "/reset"));
$("btn-fault").addEventListener("click", () => {
  const fault = { status: Number($("fault-status").value) };
  const count = Number($("fault-count").value);
  if ($("fault-count").value !== "") fault.count = count;
  if ($("fault-scope").value === "car") {
    if (!state.selected) {
      showMessage("Select a car first, or inject the fault for every request.", true);
      return;
    }
    fault.vehicle_id = state.selected;
  }
  api("POST", "/faults", fault);
});
$("btn-clear-faults").addEventListener("click", () => api("DELETE", "/faults"));

// Between events a charging car's level, the clock and the chart move on their own.
setInterval(() => queueRender(false), 250);
connect();
