// The rare-egress web view: polls /status, /recent-alerts and /rare-processes and renders them.
// Every value from the detector is written with textContent, never as markup: process names, device
// names and command lines come from the monitored machines, that is, possibly from an attacker.
'use strict';

(() => {
  const TOKEN_KEY = 'rare-egress-token';
  const ALERTS_EVERY_MS = 2000;
  const STATUS_EVERY_MS = 5000;
  const TABLE_EVERY_MS = 10000;
  const TABLE_LIMIT = 1000;
  const ALERTS_KEPT = 200;

  const state = {
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    alertsAfter: 0,
    alertsSeen: 0,
    rows: [],
    sortKey: 'DeviceCount',
    sortDirection: 1,
    dimensions: ['process'],
    dimension: 'process',
  };

  const byId = (id) => document.getElementById(id);

  // A link may carry the token in its fragment (#token=...), which browsers never send to the server:
  // keep it for this tab and take it out of the address bar and history.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    state.token = fragment.get('token');
    sessionStorage.setItem(TOKEN_KEY, state.token);
    history.replaceState(null, '', location.pathname + location.search);
  }

  class Unauthorized extends Error {}

  async function get(path) {
    const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
    const response = await fetch(path, { headers, cache: 'no-store' });
    if (response.status === 401) {
      askForToken();
      throw new Unauthorized(path);
    }
    if (response.status === 429) {
      throw new Error('the detector is busy (429); retrying');
    }
    if (!response.ok) {
      let message = response.status + '';
      try {
        message += ': ' + (await response.json()).error;
      } catch (ignored) {
        // not JSON: the status says enough
      }
      throw new Error(path.split('?')[0] + ' answered ' + message);
    }
    return response;
  }

  // A refresh asked for while the same one runs waits for it instead of running twice (and showing an alert twice).
  function singleFlight(refresh) {
    let running = null;
    return () => {
      if (!running) {
        running = refresh().finally(() => {
          running = null;
        });
      }
      return running;
    };
  }

  function askForToken() {
    byId('token-form').hidden = false;
    byId('token').focus();
  }

  byId('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.token = byId('token').value.trim();
    sessionStorage.setItem(TOKEN_KEY, state.token);
    byId('token').value = '';
    byId('token-form').hidden = true;
    refreshAlerts();
    refreshTable();
  });

  function problem(error) {
    if (error instanceof Unauthorized) {
      return;
    }
    const element = byId('problem');
    element.textContent = error ? String(error.message || error) : '';
    element.hidden = !error;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  // ---- durations and times ----

  function isoSeconds(duration) {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(duration || '');
    if (!match) {
      return null;
    }
    const [, d, h, m, s] = match;
    return (+d || 0) * 86400 + (+h || 0) * 3600 + (+m || 0) * 60 + (+s || 0);
  }

  function human(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
      return 'unknown';
    }
    const s = Math.abs(seconds);
    if (s < 90) return seconds.toFixed(s < 10 ? 1 : 0) + ' s';
    if (s < 5400) return (seconds / 60).toFixed(0) + ' min';
    if (s < 172800) return (seconds / 3600).toFixed(1) + ' h';
    return (seconds / 86400).toFixed(1) + ' days';
  }

  function shortTime(iso) {
    return iso ? String(iso).replace('T', ' ').replace(/(\.\d+)?Z$/, 'Z') : '';
  }

  // ---- status ----

  async function refreshStatus() {
    try {
      const status = await (await get('/status')).json();
      renderStatus(status);
      byId('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      problem(null);
    } catch (error) {
      problem(error);
    }
  }

  function renderStatus(status) {
    const dimensions = status.Dimensions && status.Dimensions.length ? status.Dimensions : ['process'];
    if (dimensions.join() !== state.dimensions.join()) {
      state.dimensions = dimensions;
      renderDimensions();
    }
    const phase = byId('phase');
    phase.textContent = (status.Phase || status.State || '').replace(/_/g, ' ').toLowerCase();
    phase.className = 'pill ' + (status.Phase || '');
    byId('status-warmup').textContent = status.WarmupOver ? 'over'
      : human(isoSeconds(status.WarmupRemaining)) + ' of event time to go (of ' + human(isoSeconds(status.Warmup)) + ')';
    byId('status-watermark').textContent = status.Watermark ? shortTime(status.Watermark) : 'none yet';
    const lag = [];
    if (status.InputLagRecords !== null && status.InputLagRecords !== undefined) {
      lag.push(status.InputLagRecords.toLocaleString() + ' records to read');
    }
    if (status.WatermarkLagSeconds !== null && status.WatermarkLagSeconds !== undefined) {
      lag.push(human(status.WatermarkLagSeconds) + ' behind the newest event');
    }
    if (status.WatermarkWallClockLagSeconds !== null && status.WatermarkWallClockLagSeconds !== undefined) {
      lag.push(human(status.WatermarkWallClockLagSeconds) + ' behind the clock');
    }
    byId('status-lag').textContent = lag.length ? lag.join('; ') : 'unknown';
    byId('status-held').textContent = (status.EventsHeld || 0).toLocaleString();
    byId('status-tasks').textContent = (status.ActiveTasks || []).length + ' active, '
      + (status.StandbyTasks || []).length + ' standby';
    const restoring = status.Restoring || [];
    byId('status-restoring').textContent = restoring.length === 0 ? 'nothing'
      : restoring.length + ' store partitions, ' + (status.RestoreRemainingRecords || 0).toLocaleString() + ' records left';
    byId('status-state').textContent = status.State + ' (semantics v' + status.SemanticsVersion + ')';
    const body = byId('instances').tBodies[0];
    body.replaceChildren();
    for (const instance of status.Instances || []) {
      const row = document.createElement('tr');
      cell(row, instance.Host + (instance.Self ? ' (this one)' : ''));
      cell(row, (instance.ActivePartitions || []).join(', '));
      cell(row, (instance.StandbyPartitions || []).join(', '));
      body.appendChild(row);
    }
  }

  // ---- alerts ----

  // What a table row or an alert refines its process by (docs/dimensions.md): a port, a binary's hash, a
  // network; or that the dimension says nothing for this program. Empty for the seed's process rows.
  function refinedKey(fields) {
    if (fields.Informative === false) {
      return 'not informative (' + fields.DistinctValues + ' values)';
    }
    if (fields.RemotePort !== undefined && fields.RemotePort !== null) return 'port ' + fields.RemotePort;
    if (fields.SHA256) return 'SHA256 ' + fields.SHA256;
    if (fields.MD5) return 'MD5 ' + fields.MD5;
    if (fields.ASN !== undefined && fields.ASN !== null) return 'AS' + fields.ASN;
    return '';
  }

  // The native names of an alert's own fields, whatever alert.format wrote it (docs/alerts.md): native at the
  // top; OCSF keeps them under unmapped.rare_egress; ECS writes them snake_case under rare_egress.
  function nativeFields(alert) {
    if (alert.unmapped?.rare_egress) {
      return alert.unmapped.rare_egress;
    }
    const ecs = alert.rare_egress;
    if (!ecs) {
      return alert;
    }
    return {
      AlertId: ecs.alert_id, AlertType: ecs.alert_type, DetectedAt: ecs.detected_at,
      InitiatingProcessFileName: ecs.process, DeviceCount: ecs.device_count, Dimension: ecs.dimension,
      RemotePort: ecs.remote_port, SHA256: ecs.sha256, MD5: ecs.md5, ASN: ecs.asn,
      RemoteIP_country: ecs.remote_ip_country, Processes: ecs.processes, Suppressed: ecs.suppressed,
    };
  }

  // Where the triggering event went from: native Trigger, ECS host/destination, OCSF device/evidences.
  function triggerOf(alert) {
    const trigger = alert.Trigger;
    if (trigger) {
      return { device: trigger.DeviceName || trigger.DeviceId, remote: trigger.RemoteIP ? trigger.RemoteIP + ':' + trigger.RemotePort : '' };
    }
    const host = alert.host || alert.device || {};
    const destination = alert.destination || alert.evidences?.[0]?.dst_endpoint || {};
    return {
      device: host.name || host.hostname || host.id || host.uid || '',
      remote: destination.ip ? destination.ip + (destination.port !== undefined ? ':' + destination.port : '') : '',
    };
  }

  // A STORM alert names no one process: how many NEW_RARE it stands for and the first names.
  function stormSummary(fields) {
    return fields.Processes ? fields.Suppressed + ' NEW_RARE suppressed: ' + fields.Processes.join(', ') : '';
  }

  function alertView(alert) {
    const fields = nativeFields(alert);
    const trigger = triggerOf(alert);
    const dimension = fields.Dimension || (fields.Processes ? '' : 'process');
    const key = refinedKey(fields);
    return {
      id: fields.AlertId || '',
      time: fields.DetectedAt || '',
      type: fields.AlertType || '',
      process: fields.InitiatingProcessFileName || stormSummary(fields),
      dimension: key ? dimension + ': ' + key : dimension,
      devices: fields.DeviceCount ?? '',
      device: trigger.device,
      remote: trigger.remote,
      country: fields.RemoteIP_country || alert.destination?.geo?.country_name || '',
    };
  }
  // For the console and the browser test: how the page reads an alert of any format.
  window.rareEgressAlertView = alertView;

  const refreshAlerts = singleFlight(async () => {
    try {
      const page = await (await get('/recent-alerts?after=' + state.alertsAfter)).json();
      if (page.Missed) {
        byId('alerts-note').textContent = 'some alerts arrived faster than this page read them';
      }
      if (page.Error) {
        byId('alerts-note').textContent = page.Error;
      }
      state.alertsAfter = page.Next;
      const body = byId('alerts').tBodies[0];
      for (const alert of page.Alerts || []) {
        const view = alertView(alert);
        const row = document.createElement('tr');
        row.className = 'new';
        row.dataset.process = view.process;
        row.dataset.alertId = view.id;
        row.dataset.time = String(Date.parse(view.time) || 0);
        cell(row, shortTime(view.time), 'time');
        cell(row, view.type, 'type-' + view.type);
        cell(row, view.process, 'process');
        cell(row, view.dimension, 'dimension');
        cell(row, view.devices, 'number');
        cell(row, view.device);
        cell(row, view.remote);
        cell(row, view.country);
        // Newest event time first: the first alerts come partition by partition, not in time order.
        const older = [...body.rows].find((other) => Number(other.dataset.time) <= Number(row.dataset.time));
        body.insertBefore(row, older || null);
        state.alertsSeen++;
      }
      while (body.rows.length > ALERTS_KEPT) {
        body.deleteRow(body.rows.length - 1);
      }
      if (!page.Error && !page.Missed) {
        byId('alerts-note').textContent = state.alertsSeen === 0 ? 'none yet (new ones appear here as they are raised)'
          : state.alertsSeen.toLocaleString() + ' since this page opened, newest first';
      }
    } catch (error) {
      problem(error);
    }
  });

  // ---- hunt table ----

  const SORT_VALUE = {
    Key: (row) => refinedKey(row),
    DeviceNames: (row) => deviceNames(row),
    Ports: (row) => (row.Ports || [])[0] ?? -1,
  };

  function deviceNames(row) {
    return (row.Devices || []).map((device) => device.DeviceName || device.DeviceId).join(', ');
  }

  // At most three names in the cell (a row may hold up to the threshold's); all of them on hover.
  function fewDeviceNames(row) {
    const names = (row.Devices || []).map((device) => device.DeviceName || device.DeviceId);
    return names.length <= 3 ? names.join(', ') : names.slice(0, 3).join(', ') + ' (+' + (names.length - 3) + ')';
  }

  function compare(a, b) {
    const value = SORT_VALUE[state.sortKey] || ((row) => row[state.sortKey]);
    const x = value(a);
    const y = value(b);
    let order;
    if (typeof x === 'number' && typeof y === 'number') {
      order = x - y;
    } else {
      order = String(x ?? '').localeCompare(String(y ?? ''));
    }
    if (order === 0) {
      order = String(a.InitiatingProcessFileName).localeCompare(String(b.InitiatingProcessFileName));
    }
    return order * state.sortDirection;
  }

  const refreshTable = singleFlight(async () => {
    try {
      const dimension = state.dimension;
      const response = await get('/rare-processes?limit=' + TABLE_LIMIT + '&dimension=' + encodeURIComponent(dimension));
      const rows = await response.json();
      if (dimension !== state.dimension) {
        setTimeout(refreshTable, 0); // another tab was chosen meanwhile: read that one once this call is over
        return;
      }
      state.rows = rows;
      const total = Number(response.headers.get('X-Total-Count') || state.rows.length);
      byId('table-note').textContent = total + (dimension === 'process' ? ' rare processes' : ' rare rows of ' + dimension)
        + (total > state.rows.length ? ' (showing the first ' + state.rows.length + ' in table order)' : '');
      const warnings = [];
      const stale = response.headers.get('X-Rare-Egress-Stale');
      if (stale) {
        warnings.push('Stale: ' + stale);
      }
      const truncated = response.headers.get('X-Rare-Egress-Truncated');
      if (truncated) {
        warnings.push('Incomplete: ' + truncated);
      }
      byId('table-warning').textContent = warnings.join(' ');
      byId('table-warning').hidden = warnings.length === 0;
      renderDimensions();
      renderTable();
    } catch (error) {
      problem(error);
    }
  });

  // With several rarity dimensions (GET /status: Dimensions), one tab each; the table shows one at a time.
  function renderDimensions() {
    const bar = byId('dimensions');
    bar.hidden = state.dimensions.length < 2;
    if (!state.dimensions.includes(state.dimension)) {
      state.dimension = state.dimensions[0];
    }
    bar.replaceChildren(...state.dimensions.map((dimension) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('role', 'tab');
      button.dataset.dimension = dimension;
      button.setAttribute('aria-selected', String(dimension === state.dimension));
      button.textContent = dimension;
      button.addEventListener('click', () => {
        if (state.dimension !== dimension) {
          state.dimension = dimension;
          state.rows = [];
          renderDimensions();
          renderTable();
          refreshTable();
        }
      });
      return button;
    }));
  }

  function renderTable() {
    const rows = [...state.rows].sort(compare);
    const refined = state.dimension !== 'process';
    byId('hunt').tHead.querySelector('th.refined').hidden = !refined;
    const body = byId('hunt').tBodies[0];
    body.replaceChildren(...rows.map((data) => {
      const row = document.createElement('tr');
      row.dataset.process = data.InitiatingProcessFileName;
      if (data.AllowlistedBy) {
        row.className = 'allowlisted';
      }
      cell(row, data.InitiatingProcessFileName, 'process');
      if (refined) {
        const key = cell(row, refinedKey(data), 'key');
        key.title = key.textContent;
      }
      cell(row, data.DeviceCount, 'number');
      cell(row, fewDeviceNames(data), 'devices').title = deviceNames(data);
      cell(row, (data.Ports || []).join(', '));
      cell(row, data.SampleRemoteIP);
      cell(row, data.RemoteIP_country);
      cell(row, shortTime(data.FirstSeen), 'time');
      cell(row, shortTime(data.LastSeen), 'time');
      const command = cell(row, data.SampleProcess, 'command');
      command.title = data.SampleProcess || '';
      cell(row, data.AllowlistedBy, 'allowlisted-by');
      return row;
    }));
    for (const th of byId('hunt').tHead.rows[0].cells) {
      const key = th.querySelector('button').dataset.key;
      th.setAttribute('aria-sort', key === state.sortKey ? (state.sortDirection > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  for (const button of byId('hunt').tHead.querySelectorAll('button')) {
    button.addEventListener('click', () => {
      const key = button.dataset.key;
      state.sortDirection = key === state.sortKey ? -state.sortDirection : 1;
      state.sortKey = key;
      renderTable();
    });
  }

  // ---- polling: each on its own timer, never two of the same at once ----

  function every(milliseconds, refresh) {
    const run = async () => {
      await refresh();
      setTimeout(run, milliseconds);
    };
    run();
  }

  every(STATUS_EVERY_MS, refreshStatus);
  every(ALERTS_EVERY_MS, refreshAlerts);
  every(TABLE_EVERY_MS, refreshTable);
})();
