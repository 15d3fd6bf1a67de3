// zerocold's chat page: sends the conversation to POST /v1/chat/completions with stream: true and
// shows the answer as its server-sent events arrive. Model output is only ever set as textContent.
'use strict';

(() => {
  const KEY_STORAGE = 'zerocold.chat.apiKey';
  const DEFAULT_MODEL = 'tinygpt';

  const $ = (id) => document.getElementById(id);
  const ui = {
    model: $('model'),
    apiKey: $('api-key'),
    maxTokens: $('max-tokens'),
    temperature: $('temperature'),
    system: $('system'),
    clear: $('clear'),
    transcript: $('transcript'),
    stats: $('stats'),
    status: $('status'),
    composer: $('composer'),
    prompt: $('prompt'),
    send: $('send'),
    stop: $('stop'),
  };

  /** The conversation so far, as sent to the server: {role, content} of the finished turns. */
  let history = [];
  /** The AbortController of the answer being streamed, or null. */
  let running = null;
  /** Counts the Clear clicks, so that an answer ending after one is not added to the new history. */
  let conversation = 0;

  function headers(json) {
    const h = {};
    if (json) {
      h['Content-Type'] = 'application/json';
    }
    const key = ui.apiKey.value.trim();
    if (key) {
      h.Authorization = 'Bearer ' + key;
    }
    return h;
  }

  function setStatus(text, isError) {
    ui.status.textContent = text;
    ui.status.classList.toggle('error', Boolean(isError));
  }

  /** The message of a non-200 answer: OpenAI's {"error": {"message"}} when it is one. */
  async function errorMessage(response) {
    const body = await response.text().catch(() => '');
    try {
      const parsed = JSON.parse(body);
      if (parsed && parsed.error && parsed.error.message) {
        return parsed.error.message;
      }
    } catch (ignored) {
      // not JSON: the text itself, below
    }
    const status = 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
    return body.trim() ? status + ': ' + body.trim().slice(0, 500) : status;
  }

  async function loadModels() {
    const previous = ui.model.value;
    ui.model.disabled = true;
    setStatus('Loading models…');
    try {
      const response = await fetch('/v1/models', { headers: headers(false) });
      if (!response.ok) {
        throw new Error(await errorMessage(response));
      }
      const list = await response.json();
      const ids = (list.data || []).filter((m) => m.task === 'text-generation').map((m) => m.id).sort();
      ui.model.replaceChildren();
      for (const id of ids) {
        const option = document.createElement('option');
        option.value = id;
        option.textContent = id;
        ui.model.append(option);
      }
      if (ids.length === 0) {
        const option = document.createElement('option');
        option.value = '';
        option.textContent = 'no text-generation model';
        ui.model.append(option);
        setStatus('The server has no text-generation model.', true);
        return;
      }
      ui.model.value = ids.includes(previous) ? previous : ids.includes(DEFAULT_MODEL) ? DEFAULT_MODEL : ids[0];
      ui.model.disabled = false;
      setStatus(ids.length + (ids.length === 1 ? ' model' : ' models') + ' can chat.');
    } catch (error) {
      ui.model.replaceChildren(new Option('models unavailable', ''));
      setStatus('Could not list models: ' + error.message, true);
    }
  }

  /** A turn in the transcript: {turn, text, note}; text is the element holding what was said. */
  function addTurn(role, content) {
    const turn = document.createElement('div');
    turn.className = 'turn from-' + role;
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = role === 'user' ? 'You' : 'Assistant';
    const text = document.createElement('div');
    text.className = role;
    text.textContent = content;
    const note = document.createElement('div');
    note.className = 'note';
    turn.append(who, text, note);
    ui.transcript.append(turn);
    scrollDown();
    return { turn, text, note };
  }

  function scrollDown() {
    ui.transcript.scrollTop = ui.transcript.scrollHeight;
    ui.composer.scrollIntoView({ block: 'nearest' });
  }

  function number(input, parse) {
    const value = parse(input.value);
    return Number.isFinite(value) ? value : undefined;
  }

  /**
   * Reads a text/event-stream body, calling onData with each event's data (its data: lines joined);
   * an event may arrive split across reads, or several in one.
   */
  async function readEvents(body, onData) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const flush = (block) => {
      const data = block.split(/\r?\n/).filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5)).join('\n');
      return data ? onData(data) : true;
    };
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + buffer.slice(end).match(/^\r?\n\r?\n/)[0].length);
        if (flush(block) === false) {
          reader.cancel().catch(() => {});
          return;
        }
      }
      if (done) {
        if (buffer.trim()) {
          flush(buffer);
        }
        return;
      }
    }
  }

  function formatStats(s) {
    const parts = [];
    if (s.tokens !== undefined) {
      parts.push(s.tokens + (s.tokens === 1 ? ' token' : ' tokens'));
      const seconds = s.tokens > 1 && s.end > s.first ? (s.end - s.first) / 1000 : (s.end - s.start) / 1000;
      const rate = (s.tokens > 1 && s.end > s.first ? s.tokens - 1 : s.tokens) / seconds;
      if (seconds > 0 && Number.isFinite(rate)) {
        parts.push(rate.toFixed(1) + ' tokens/s');
      }
    }
    if (s.first !== undefined) {
      parts.push('first token ' + Math.round(s.first - s.start) + ' ms');
    }
    parts.push('total ' + ((s.end - s.start) / 1000).toFixed(2) + ' s');
    if (s.finish) {
      parts.push('finish: ' + s.finish);
    }
    return parts.join(' · ');
  }

  function setRunning(controller) {
    running = controller;
    ui.send.disabled = Boolean(controller);
    ui.stop.disabled = !controller;
    ui.model.disabled = Boolean(controller) || ui.model.options.length === 0 || !ui.model.value;
  }

  async function send() {
    const content = ui.prompt.value;
    if (running || !content.trim()) {
      return;
    }
    if (!ui.model.value) {
      setStatus('Pick a model first (no text-generation model is listed).', true);
      return;
    }
    const messages = [];
    if (ui.system.value.trim()) {
      messages.push({ role: 'system', content: ui.system.value });
    }
    messages.push(...history, { role: 'user', content });
    const body = {
      model: ui.model.value,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    };
    const maxTokens = number(ui.maxTokens, (v) => parseInt(v, 10));
    const temperature = number(ui.temperature, parseFloat);
    if (maxTokens !== undefined) {
      body.max_tokens = maxTokens;
    }
    if (temperature !== undefined) {
      body.temperature = temperature;
    }

    ui.prompt.value = '';
    addTurn('user', content);
    const answer = addTurn('assistant', '');
    answer.text.dataset.state = 'streaming';
    ui.stats.textContent = '';
    const controller = new AbortController();
    const started = conversation;
    setRunning(controller);
    const stats = { start: performance.now() };
    let failure = null;
    let state = 'done';
    try {
      const response = await fetch('/v1/chat/completions', {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok) {
        failure = await errorMessage(response);
      } else if (!(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        const whole = await response.json();   // a server that did not stream: the whole answer
        answer.text.textContent = whole.choices?.[0]?.message?.content ?? '';
        stats.first = performance.now();
        stats.tokens = whole.usage?.completion_tokens;
        stats.finish = whole.choices?.[0]?.finish_reason;
      } else {
        await readEvents(response.body, (data) => {
          if (data === '[DONE]') {
            return false;
          }
          let event;
          try {
            event = JSON.parse(data);
          } catch (ignored) {
            failure = 'the server sent an event that is not JSON: ' + data.slice(0, 200);
            return false;
          }
          if (event.error) {
            failure = event.error.message || JSON.stringify(event.error);
            return false;
          }
          const choice = event.choices && event.choices[0];
          const piece = choice && choice.delta && choice.delta.content;
          if (piece) {
            if (stats.first === undefined) {
              stats.first = performance.now();
            }
            answer.text.append(piece);
            scrollDown();
          }
          if (choice && choice.finish_reason) {
            stats.finish = choice.finish_reason;
          }
          if (event.usage) {
            stats.tokens = event.usage.completion_tokens;
          }
          return true;
        });
      }
    } catch (error) {
      if (error.name === 'AbortError' || controller.signal.aborted) {
        state = 'stopped';
      } else {
        failure = 'the request failed: ' + error.message;
      }
    }
    stats.end = performance.now();
    if (controller.signal.aborted) {
      state = 'stopped';
      failure = null;
    }
    if (failure !== null) {
      state = 'error';
      answer.note.classList.add('error');
      answer.note.textContent = 'Error: ' + failure;
    } else if (state === 'stopped') {
      answer.note.textContent = 'Stopped.';
    } else if (!answer.text.textContent) {
      answer.note.textContent = '(the model answered with no text)';
    }
    answer.text.dataset.state = state;
    ui.stats.textContent = state === 'error' ? '' : formatStats(stats);
    const said = answer.text.textContent;
    if (said && started === conversation) {  // a failed exchange with no answer is not sent again
      history.push({ role: 'user', content }, { role: 'assistant', content: said });
    }
    setRunning(null);
    scrollDown();
    ui.prompt.focus();
  }

  ui.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  ui.prompt.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  ui.stop.addEventListener('click', () => {
    if (running) {
      running.abort();
    }
  });
  ui.clear.addEventListener('click', () => {
    if (running) {
      running.abort();
    }
    history = [];
    conversation++;
    ui.transcript.replaceChildren();
    ui.stats.textContent = '';
    ui.prompt.focus();
  });

  if (window.matchMedia('(max-width: 40rem)').matches) {
    $('settings').open = false;  // room for the conversation on a phone
  }
  ui.apiKey.value = sessionStorage.getItem(KEY_STORAGE) || '';
  ui.apiKey.addEventListener('change', () => {
    const key = ui.apiKey.value.trim();
    if (key) {
      sessionStorage.setItem(KEY_STORAGE, key);
    } else {
      sessionStorage.removeItem(KEY_STORAGE);
    }
    loadModels();
  });

  loadModels();
})();
