// The chat page's client: the terminal client's conversation (client/ChatSession) in a browser.
// It talks to /ws on the host that served it: JSON events in (docs/PROTOCOL.md, "JSON events"),
// commands and messages out as text lines, one per WebSocket message. Inlined into the page
// under a hash-only CSP, so: no inline handlers, no eval, no style attributes; and user text
// only ever reaches the page as textContent, never as markup.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const ui = {
    messages: $('messages'), login: $('login'), name: $('name'), nameRules: $('name-rules'),
    nameError: $('name-error'), say: $('say'), input: $('input'), completions: $('completions'),
    rooms: $('rooms'), roomsRefresh: $('rooms-refresh'), join: $('join'), roomName: $('room-name'),
    members: $('members'), count: $('count'), where: $('where'), status: $('status'),
    side: $('side'), sideToggle: $('side-toggle'), password: $('password'), passwordRow: $('password-row'),
    earlierItem: $('earlier-item'), earlier: $('earlier'),
  };

  /** Lines kept on the page: a day in a busy room, not a leak. */
  const MAX_LINES = 5000;
  /** Reconnect delays: as the terminal client's Backoff, half a second doubling to 30 s, each from its upper half. */
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 30000;
  /** A name refused as taken on a reconnect is most likely still held by the dropped connection: tried again this long. */
  const NAME_RETRY_FOR_MS = 45000;
  const NAME_RETRY_MAX_MS = 8000;
  /** Lines typed while offline that wait to be sent. */
  const MAX_QUEUED = 1000;
  const TITLE = document.title;
  /**
   * The server's --max-line-bytes, from the page: a longer message ends the WebSocket (1009),
   * so such a line is kept in the box with a word instead of sent (telnet's gets an error).
   */
  const MAX_LINE_BYTES = Number(document.querySelector('meta[name="chatroom-max-line"]').content);
  const NEW_MARKER = 'new since you were last here';
  /** Messages the "Earlier messages" button asks for at a time (the server's bound is 200). */
  const PAGE_SIZE = 50;
  /** The errors that, before a name is taken, mean the server wants another name (or the password again). */
  const NAME_REFUSALS = new Set(['invalid_name', 'name_taken', 'name_first', 'name_reserved', 'name_banned',
    'name_registered', 'password_wrong', 'not_registered', 'identify_timeout', 'plaintext_password', 'password_rule',
    'password_pending', 'password_too_fast', 'password_busy']);
  /** Commands that carry a password: never kept in the Up history, never sent from an unencrypted page. */
  const SECRET_COMMANDS = new Set(['/register', '/identify', '/passwd', '/unregister', '/oper']);
  /** Operator commands whose first argument is someone online. */
  const TAKES_A_NAME = new Set(['/kick', '/ban', '/mute', '/unmute']);

  // ---------------------------------------------------------------- name colours

  // The palette comes from the server (protocol's NameColors) in a meta tag; only the hash is
  // repeated here: 32-bit FNV-1a of the lower-case name's UTF-8 bytes, modulo the palette size.
  const palette = (document.querySelector('meta[name="chatroom-palette"]').content || '')
    .split(',').filter((c) => /^#[0-9a-fA-F]{6}$/.test(c));
  const utf8 = new TextEncoder();

  function fnv1a(text) {
    let h = 0x811c9dc5;
    for (const b of utf8.encode(text)) {
      h ^= b;
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  function colourIndex(name) {
    return palette.length === 0 ? -1 : fnv1a(name.toLowerCase()) % palette.length;
  }

  // One class per colour (a CSSOM rule, which the CSP allows, unlike style attributes).
  (() => {
    const sheet = document.styleSheets[0];
    palette.forEach((colour, i) => sheet.insertRule('.nc' + i + ' { color: ' + colour + '; }', sheet.cssRules.length));
  })();

  // For the browser test: the page's own colour of a name, to compare with the Java one.
  window.chatroom = Object.freeze({
    colourOf: (name) => (palette.length === 0 ? null : palette[colourIndex(name)]),
  });

  // ---------------------------------------------------------------- state

  let ws = null;
  let connected = false;
  let loggedIn = false;
  /** The name the server accepted; null before. */
  let name = null;
  /** The name to log in with by itself after a reconnect; null when the user must type one. */
  let wantedName = null;
  /** A name typed while offline, sent when the connection opens. */
  let pendingName = null;
  let nameInFlight = false;
  /** This connection logs back in as the user it had before: the greeting is not shown again. */
  let returning = false;
  let nameRetryUntil = 0;
  let nameRetries = 0;
  let nameRetryTimer = null;
  /** The room the user is in; offline, the one to go back to. */
  let room = null;
  /** The room this connection asked to resume, until its replay starts. */
  let resuming = null;
  /** Logged in, the first replay not over yet: typed lines wait for it. */
  let settling = false;
  /**
   * Between history_start (or a history_page) and history_end: {since, seenUpTo, marked, page}.
   * page: the answer to /history, older messages asked for, which never move where a resume
   * starts; into: where the "Earlier messages" button's page is gathered before it goes in.
   */
  let replay = null;
  /** The page the "Earlier messages" button asked for, until it comes: {room, before}. */
  let pageAsked = null;
  /**
   * By room (lower case): the oldest id the server keeps there, as a page with more false
   * showed it. The button shows while a room's oldest message on the page is above it.
   */
  const oldestKept = new Map();
  /** The server does not know /history (an older one): the button stays away. */
  let noHistory = false;
  /** The user left (/quit, or closed the tab): no reconnect. */
  let quitting = false;
  /**
   * Why the server sent this page away ("kicked", "banned", "replaced by a new login"): it
   * closes next, and the page does not call back (that would undo a kick, knock on a ban, or
   * fight the new login for the name).
   */
  let sentAway = null;
  /**
   * The registered name the server asked a password for, until it is given or another name is
   * chosen. The password itself is never kept: it goes from the field into one /identify line.
   */
  let passwordFor = null;
  let backoffMs = BACKOFF_FIRST_MS;
  /** A failed connect was told of: the next ones of the same outage are not. */
  let failureNoted = false;
  let reconnectTimer = null;
  /** The server is being asked whether this address is banned (see checkBanned). */
  let probing = false;
  /** By room (lower case): the highest message id seen there, where a resume starts. */
  const lastIds = new Map();
  const queue = [];
  /** Messages sent and not echoed yet: after a drop the user is told they may not have been said. */
  const unanswered = [];
  /** Answers the page asked for itself (who, rooms, help), in order: used, not shown. */
  const silent = [];
  /** The room's members, by lower case; the server's head count (bigger in a big room). */
  const members = new Map();
  let hereCount = 0;
  /** Everyone seen online this connection, and every room heard of (with its count when known). */
  const everyone = new Map();
  const rooms = new Map();
  /** From the server's /help: [{usage, text}]. */
  let commands = [];
  /** That list has the operator commands: asked again on a new connection, which is no operator. */
  let operatorHelp = false;
  /** Mentions and private messages while the tab was hidden. */
  let unseen = 0;
  /** Lines typed, for Up and Down. */
  const typedLines = [];
  let typedPos = 0;
  /** Tab completion going on: the candidates, which one is in, and the text around it. */
  let cycle = null;

  const key = (s) => s.toLowerCase();
  const count = (n) => Number(n).toLocaleString('en-US');
  const plural = (n, one, many) => count(n) + ' ' + (n === 1 ? one : many);

  // ---------------------------------------------------------------- the connection

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (ws) {
      return;
    }
    quitting = false;
    sentAway = null;
    status('connecting…', false);
    let socket;
    try {
      socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    } catch (e) {
      closed({ reason: e.message }); // refused at once (a page not served by chatroom, opened from a file)
      return;
    }
    ws = socket;
    socket.addEventListener('open', () => ws === socket && opened());
    socket.addEventListener('message', (e) => ws === socket && received(e.data));
    socket.addEventListener('close', (e) => ws === socket && closed(e));
  }

  function opened() {
    connected = true;
    loggedIn = false;
    settling = false;
    replay = null;
    pageAsked = null;
    noHistory = false; // perhaps a newer server now
    resuming = null;
    returning = name !== null;
    nameInFlight = false;
    status('connected', false);
    if (wantedName !== null) {
      if (room !== null) {
        resuming = room;
        send('/resume ' + room + ' ' + (lastIds.get(key(room)) || 0));
      }
      nameInFlight = send(wantedName);
    } else if (pendingName !== null) {
      nameInFlight = send(pendingName);
      pendingName = null;
    }
  }

  function send(line) {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      return false;
    }
    ws.send(line);
    return true;
  }

  function closed(e) {
    const wasConnected = connected;
    ws = null;
    connected = false;
    loggedIn = false;
    nameInFlight = false;
    settling = false;
    replay = null;
    pageAsked = null;
    drawEarlier();
    clearTimeout(nameRetryTimer);
    silent.length = 0;
    members.clear();
    everyone.clear();
    hereCount = 0;
    drawSide();
    if (sentAway !== null) {
      left(sentAway);
      return;
    }
    if (quitting) {
      left();
      return;
    }
    if (wasConnected) {
      note('Connection lost' + (e.reason ? ': ' + e.reason : '') + '.');
    } else if (!failureNoted) {
      note('Could not connect to the server.'); // once an outage: the status line counts the tries down
    }
    if (!wasConnected) checkBanned();
    failureNoted = !wasConnected;
    const unsure = unanswered.splice(0);
    if (unsure.length > 0) {
      // Not sent again: the echo is what ties a line to the server, and a line said twice is
      // worse than one the user sees was not confirmed and can send again (Up).
      note('Not confirmed by the server before the drop, so perhaps not said: '
        + unsure.slice(0, 3).map((l) => '"' + l + '"').join(', ')
        + (unsure.length > 3 ? ' and ' + (unsure.length - 3) + ' more' : '') + '.');
    }
    if (wantedName === null) {
      // No one to log back in as (the name form is up): connect again when a name is typed.
      status('offline', true);
      showLogin();
      return;
    }
    const nominal = backoffMs;
    backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
    const delay = nominal - nominal / 2 + Math.random() * (nominal / 2);
    status('offline: reconnecting in ' + (delay / 1000).toFixed(1) + ' s', true);
    reconnectTimer = setTimeout(connect, delay);
  }

  /**
   * Left on purpose, or sent away (why: "kicked", ...): the name form offers to come back (to
   * the lobby, as a new login), and nothing reconnects by itself.
   */
  function left(why) {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (ws !== null && !connected) {
      ws.close(); // a connect still under way would log in as no one
      ws = null;
    }
    status(why || 'left', true);
    wantedName = null;
    passwordFor = null;
    name = null; // the next login is a new visit, greeted as one, not this user coming back
    showLogin();
  }

  /**
   * A WebSocket refused before it opened tells the page nothing (a banned address gets 403
   * Forbidden before the upgrade, and the browser shows the page only a close), but the server
   * answers every HTTP request from a banned address with 403 and its reason: /healthz is
   * asked, and on 403 the page says so and stops calling back. Anything else (the server down,
   * 429) leaves the reconnects as they were. Asked up to three times, a second apart: the
   * browser may answer the first from a connection it opened before the ban.
   */
  function checkBanned(tries = 3) {
    if (typeof fetch !== 'function' || (tries === 3 && probing)) return; // one round of asking at a time
    probing = true;
    const again = () => {
      if (tries > 1 && ws === null) {
        setTimeout(() => checkBanned(tries - 1), 1000);
      } else {
        probing = false;
      }
    };
    fetch('/healthz', { cache: 'no-store' })
      .then((r) => (r.status === 403 ? r.text() : null))
      .then((why) => {
        if (why === null || ws !== null) { // not banned, or a new connect is under way: it tells for itself
          again();
          return;
        }
        probing = false;
        show('error', [text(why.trim() || 'You are banned from this server')], 'away');
        left('banned');
      })
      .catch(again);
  }

  /**
   * Whether a password may leave this page: over https (a TLS proxy in front of the server), or
   * to this very machine. From a plain http page anyone on the way could read it, so the page
   * sends none (the server refuses them there too, unless --allow-plaintext-passwords).
   */
  function passwordsGo() {
    return location.protocol === 'https:' || /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(location.hostname);
  }

  function received(data) {
    let event;
    try {
      event = JSON.parse(data);
    } catch (e) {
      show('notice', [text(String(data))]);
      return;
    }
    if (event === null || typeof event !== 'object') {
      return;
    }
    try {
      apply(event);
    } catch (e) {
      // One odd event must not end the conversation.
      console.warn('bad event', data, e);
    }
    pump();
  }

  // ---------------------------------------------------------------- events

  function apply(e) {
    switch (e.type) {
      case 'welcome':
        if (!returning) show('notice', [text('Welcome to chatroom!')]);
        break;
      case 'notice':
        if (!returning) show('notice', [text(e.text)]);
        break;
      case 'ask_name':
        ui.nameRules.textContent = 'Names: ' + e.rules + '.';
        if (!loggedIn && wantedName === null && !nameInFlight) showLogin();
        break;
      case 'hello':
        hello(e);
        break;
      case 'entered':
        entered(e);
        break;
      case 'history_start':
        historyStart(e);
        break;
      case 'history_page':
        historyPage(e);
        break;
      case 'history_end':
        historyEnd();
        break;
      case 'said':
      case 'action':
        message(e);
        break;
      case 'private':
        privateMessage(e);
        break;
      case 'joined':
        addMember(e.name);
        hereCount++;
        show('notice', [text(e.name + ' joined ' + e.room)]);
        break;
      case 'left':
        if (members.delete(key(e.name))) hereCount = Math.max(0, hereCount - 1);
        show('notice', [text(e.name + ' left ' + e.room + ' (' + e.reason + ')')]);
        break;
      case 'renamed':
        renamed(e);
        break;
      case 'summary':
        hereCount = e.count;
        show('notice', [text(summary(e))]);
        break;
      case 'who':
        who(e);
        break;
      case 'rooms':
        roomList(e);
        break;
      case 'help':
        help(e);
        break;
      case 'format':
        show('notice', [text('Format: ' + e.format)]);
        break;
      case 'bye':
        show('notice', [text('Bye!')]);
        quitting = true;
        break;
      case 'shutting_down':
        show('notice', [text('Server shutting down, bye!')]);
        break;
      case 'error':
        error(e);
        break;
      case 'password_needed':
        passwordNeeded(e);
        break;
      case 'identified':
        passwordFor = null;
        show('notice', [text('You are identified as ' + e.name)]);
        break;
      case 'registered':
        show('notice', [text('The name ' + e.name + (e.removed ? ' is no longer registered'
          : ' is registered to you: from now on it needs /identify PASSWORD'))]);
        break;
      case 'password_changed':
        show('notice', [text('The password of ' + e.name + ' is changed')]);
        break;
      case 'oper':
        show('notice', [text(e.up ? 'You are now an operator (type /help for the operator commands)'
          : 'You are no longer an operator')]);
        ask('help'); // the command list for completion, with or without the operator commands now
        break;
      case 'kicked':
        kicked(e);
        break;
      case 'banned':
        banned(e);
        break;
      case 'unbanned':
        show('notice', [text('The ban on ' + e.target + ' is lifted')], 'mod');
        break;
      case 'bans':
        bans(e);
        break;
      case 'muted': {
        const lasting = ' by ' + e.by + ' ' + lastingOf(e.ts, e.until);
        show('notice', [text(e.echo ? 'You were muted' + lasting + ': your lines are not sent'
          : e.name + ' was muted' + lasting)], 'mod');
        break;
      }
      case 'unmuted':
        show('notice', [text(!e.by ? (e.echo ? 'You' : e.name) + ' may speak again'
          : (e.echo ? 'You were' : e.name + ' was') + ' unmuted by ' + e.by)], 'mod');
        break;
      case 'topic':
        show('notice', [text(topic(e))], 'mod');
        break;
      case 'wall':
        show('wall', [time(e.ts), text('[operator ', 'who'), from(e.from), text(' to everyone] ', 'who'), text(e.text, 'text')]);
        if (name === null || key(e.from) !== key(name)) alert();
        break;
      case 'replaced':
        sentAway = 'replaced by a new login';
        show('notice', [text('You were replaced by a new login from ' + e.address)], 'away');
        break;
      default:
        // A newer server's event: shown as its text, if it has one.
        if (typeof e.text === 'string') show('notice', [text(e.text)]);
    }
    if (CHANGE_WHO_IS_HERE.has(e.type)) drawSide();
  }

  /** Events that change the side panel (not every message: a big room's list is long). */
  const CHANGE_WHO_IS_HERE = new Set(['hello', 'entered', 'joined', 'left', 'renamed', 'summary', 'who', 'rooms', 'private',
    'kicked', 'banned']);

  function hello(e) {
    name = e.name;
    wantedName = e.name;
    loggedIn = true;
    nameInFlight = false;
    nameRetryUntil = 0;
    passwordFor = null;
    ui.password.value = '';
    settling = true;
    remember(name);
    if (!returning) {
      show('notice', [text('Hello ' + name + '! Type /help for commands.')]);
    }
    if (commands.length === 0 || operatorHelp) {
      ask('help'); // the command list for completion, from the one place it is written
    }
    ui.login.hidden = true;
    ui.say.hidden = false;
    ui.input.focus();
  }

  function entered(e) {
    room = e.room;
    backoffMs = BACKOFF_FIRST_MS; // a good connection: the next loss starts again from the first delay
    members.clear();
    e.names.forEach(addMember);
    hereCount = e.count;
    rooms.set(key(e.room), { name: e.room, count: e.count });
    status('online', false);
    let line = 'You are in ' + e.room + '. ' + count(e.count) + ' here: ' + e.names.join(', ');
    if (e.count > e.names.length) {
      line += ' and ' + count(e.count - e.names.length) + ' more (/who lists all)';
      ask('who');
    }
    show('notice', [text(line)]);
    ask('rooms');
    title();
    drawEarlier();
  }

  /** Asks the server for something the page shows in its side panel, not in the conversation. */
  function ask(what) {
    // Before a name the server answers "Choose a name first", not what was asked: an answer
    // waited for that never comes would have the next ones matched to the wrong questions.
    if (loggedIn && send('/' + what)) silent.push(what);
  }

  /** An answer the page asked for itself: used, not shown. */
  function silentAnswer(what) {
    if (silent[0] !== what) return false;
    silent.shift();
    return true;
  }

  function historyStart(e) {
    let seenUpTo = -1;
    if (e.since === undefined) {
      const k = key(e.room);
      if (resuming !== null && key(resuming) === k) {
        // A resume answered with the whole history: the id remembered is above anything the room
        // has said (a server run without its log: --no-persist, another data dir), so ids are new.
        lastIds.clear();
      } else {
        seenUpTo = lastIds.has(k) ? lastIds.get(k) : -1;
      }
      lastIds.delete(k); // the room's whole history follows: the ids to remember start over with it
    }
    resuming = null;
    const what = historyText(e);
    replay = { since: e.since === undefined ? -1 : e.since, seenUpTo, marked: what !== null };
    if (what !== null) marker(what);
  }

  /**
   * The answer to /history. The one the "Earlier messages" button asked for is gathered and
   * goes in above the room's oldest message at its end; one the user typed shows where it
   * comes, as a replay does. Either way its messages are older ones asked for: shown whatever
   * their ids, and no resume starts after them.
   */
  function historyPage(e) {
    const asked = pageAsked !== null && typeof e.room === 'string' && key(e.room) === pageAsked.room
      && e.before === pageAsked.before;
    if (asked) {
      pageAsked = null;
      replay = { since: -1, seenUpTo: -1, marked: false, page: e, into: document.createDocumentFragment() };
      return;
    }
    replay = { since: -1, seenUpTo: -1, marked: e.count > 0, page: e };
    marker(e.count === 0 ? 'no earlier messages in ' + e.room
      : plural(e.count, 'earlier message', 'earlier messages') + ' in ' + e.room);
  }

  function historyEnd() {
    const ended = replay;
    replay = null;
    settling = false;
    if (ended && ended.page && ended.page.more !== true && typeof ended.page.room === 'string') {
      // The room keeps nothing older than these (or than the id asked below, for an empty page).
      oldestKept.set(key(ended.page.room), ended.oldest !== undefined ? ended.oldest : ended.page.before);
    }
    if (ended && ended.into) {
      insertEarlier(ended.page.room, ended.into);
    } else if (ended && ended.marked) {
      marker('end of history');
    }
    drawEarlier();
  }

  /** The page's older lines go in above the room's oldest message, the view staying on what it showed. */
  function insertEarlier(r, lines) {
    const list = ui.messages;
    const anchor = oldestShown(r) || ui.earlierItem.nextElementSibling;
    if (anchor === null) {
      list.append(lines);
      return;
    }
    const top = anchor.offsetTop - list.scrollTop;
    anchor.before(lines);
    list.scrollTop = anchor.offsetTop - top;
  }

  /** The oldest message of room r on the page (the first: older ones only ever go in above it), or null. */
  function oldestShown(r) {
    if (typeof r !== 'string') return null;
    return ui.messages.querySelector('li[data-room="' + CSS.escape(key(r)) + '"][data-id]');
  }

  /** The "Earlier messages" button: there while the room has a message on the page and the server keeps older ones. */
  function drawEarlier() {
    const oldest = loggedIn && room !== null && !noHistory ? oldestShown(room) : null;
    const floor = oldest === null ? undefined : oldestKept.get(key(room));
    ui.earlierItem.hidden = oldest === null || (floor !== undefined && Number(oldest.dataset.id) <= floor);
    ui.earlier.disabled = pageAsked !== null;
  }

  /** Asks for the page before the oldest message of this room on the page. */
  function earlier() {
    const oldest = loggedIn && room !== null && pageAsked === null && !replay ? oldestShown(room) : null;
    if (oldest === null) return;
    const before = Number(oldest.dataset.id);
    if (send('/history ' + room + ' ' + before + ' ' + PAGE_SIZE)) pageAsked = { room: key(room), before };
    drawEarlier();
  }

  ui.earlier.addEventListener('click', earlier);

  function historyText(e) {
    if (e.since === undefined) {
      return e.count === 0 ? null : plural(e.count, 'earlier message', 'earlier messages') + ' in ' + e.room;
    }
    if (e.count === 0) {
      return e.missed === 0 ? null : plural(e.missed, 'new message', 'new messages') + ' in ' + e.room + ', no longer kept';
    }
    return plural(e.count, 'new message', 'new messages') + ' in ' + e.room + (e.missed === 0 ? ''
      : '; ' + count(e.missed) + (e.missed === 1 ? ' older one is' : ' older ones are') + ' no longer kept');
  }

  function message(e) {
    if (replay && replay.since >= 0 && e.id <= replay.since) {
      return; // shown before the drop (the server sends none of these; a resume must never repeat a line)
    }
    if (replay && replay.seenUpTo >= 0 && e.id > replay.seenUpTo) {
      replay.seenUpTo = -1;
      marker(NEW_MARKER);
    }
    if (replay && replay.page) {
      // Older ones asked for: a resume still starts after what was seen live.
      if (!(replay.oldest <= e.id)) replay.oldest = e.id;
    } else {
      seen(e.room, e.id);
    }
    if (e.echo) confirmed(e.type === 'action' ? '/me ' + e.text : e.text);
    const own = name !== null && key(e.from) === key(name);
    const mention = !own && !replay && name !== null && mentions(e.text, name);
    const parts = e.type === 'action'
      ? [time(e.ts), text('* '), from(e.from), text(' '), text(e.text, 'text')]
      : [time(e.ts), text('<'), from(e.from), text('> '), text(e.text, 'text')];
    const li = show(e.type, parts, own && 'own', mention && 'mention');
    li.dataset.id = e.id;
    if (typeof e.room === 'string') li.dataset.room = key(e.room);
    if (mention) alert();
    if (ui.earlierItem.hidden && !replay) drawEarlier(); // the room's first message: there may be older ones
  }

  function privateMessage(e) {
    show('private', [time(e.ts), text(e.echo ? '-> *' + e.to + '*' : '*' + e.from + '*', 'who'), text(' '), text(e.text, 'text')]);
    if (e.echo) {
      unanswered.shift();
    } else {
      addEveryone(e.from);
      alert();
    }
  }

  function renamed(e) {
    if (members.delete(key(e.from))) addMember(e.to);
    if (e.echo) {
      name = e.to;
      wantedName = e.to;
      remember(e.to);
      addMember(e.to);
      show('notice', [text('You are now known as ' + e.to)]);
    } else {
      show('notice', [text(e.from + ' is now known as ' + e.to)]);
    }
  }

  function summary(e) {
    const parts = [];
    if (e.joined > 0) parts.push(count(e.joined) + ' joined');
    if (e.left > 0) parts.push(count(e.left) + ' left');
    if (e.renamed > 0) parts.push(count(e.renamed) + ' renamed');
    return parts.join(', ') + ' (' + count(e.count) + ' here)';
  }

  function who(e) {
    // A first page starts the list again (only a one-page answer did: past 100 people, no one left it).
    if (!(e.page > 1)) {
      members.clear();
      if (name !== null) addMember(name);
    }
    e.names.forEach(addMember);
    hereCount = e.count;
    if (silentAnswer('who')) return;
    show('notice', [text(count(e.count) + ' in ' + e.room + ': ' + e.names.join(', ') + page(e, '/who'))]);
  }

  function roomList(e) {
    if (!(e.page > 1)) rooms.clear(); // a first page starts the list again, however many pages follow
    e.rooms.forEach((r) => rooms.set(key(r.name), { name: r.name, count: r.count }));
    if (room !== null && !rooms.has(key(room))) rooms.set(key(room), { name: room, count: hereCount });
    if (silentAnswer('rooms')) return;
    show('notice', [text(plural(e.count, 'room', 'rooms') + ': '
      + e.rooms.map((r) => r.name + ' (' + count(r.count) + ')').join(', ') + page(e, '/rooms'))]);
  }

  function page(e, command) {
    if (!(e.pages > 1)) return '';
    return ' (page ' + e.page + ' of ' + e.pages + (e.page < e.pages ? ', ' + command + ' ' + (e.page + 1) + ' for more' : '') + ')';
  }

  function help(e) {
    commands = Array.isArray(e.commands) ? e.commands : [];
    operatorHelp = e.operator === true;
    if (silentAnswer('help')) return;
    show('notice', [text('Commands:')]);
    const width = Math.max(0, ...commands.map((c) => c.usage.length));
    commands.forEach((c) => show('notice', [text('  ' + c.usage.padEnd(width + 2) + c.text)]));
    show('notice', [text(e.text)]);
  }

  function error(e) {
    if (pageAsked !== null && e.code === 'unknown_command' && /\/history\b/.test(e.text)) {
      noHistory = true; // an older server: the button would only ask again
    }
    if (pageAsked !== null && (noHistory || ['history_busy', 'no_such_room', 'invalid_room'].includes(e.code))) {
      pageAsked = null; // the button's page is not coming: it may be asked for again
      drawEarlier();
    }
    if (e.code === 'banned') {
      sentAway = 'banned'; // refused at connect (the server closes next): calling back would only knock again
      show('error', [text(e.text)], 'away');
      return;
    }
    if ((nameInFlight || passwordFor !== null) && !loggedIn && NAME_REFUSALS.has(e.code)) {
      nameRefused(e);
      return;
    }
    if (['too_long', 'usage', 'no_such_user', 'muted'].includes(e.code)) unanswered.shift();
    show('error', [text(e.text)]);
  }

  /**
   * The name sent is registered: the name form asks for its password (where one may go, see
   * passwordsGo), or says why it cannot and offers another name. Nothing logs in by itself
   * from here: after a reconnect, too, the password is the user's to give again.
   */
  function passwordNeeded(e) {
    nameInFlight = false;
    clearTimeout(nameRetryTimer);
    nameRetryUntil = 0;
    wantedName = null;
    passwordFor = e.name;
    ui.name.value = e.name;
    const registered = 'The name ' + e.name + ' is registered' + (e.inUse ? ' and in use' : '');
    showLogin(passwordsGo()
      ? registered + ': give its password within ' + count(e.seconds) + ' s' + (e.inUse ? ' to take it over' : '')
        + ', or choose another name.'
      : registered + '. This page is not encrypted (http), so it sends no password: open it over https (a TLS'
        + ' proxy in front of the server) to use this name, or choose another name.');
  }

  /** After a kick or ban, the name's room loses its member (only this page's room is listed). */
  function gone(inRoom, who) {
    if (typeof inRoom !== 'string' || typeof who !== 'string' || room === null || key(inRoom) !== key(room)) return;
    if (members.delete(key(who))) hereCount = Math.max(0, hereCount - 1);
  }

  /** " (spam)" after an operator's action; nothing for no reason (TextCodec's reason). */
  function reasonOf(r) {
    return r ? ' (' + r + ')' : '';
  }

  /**
   * "for 2 h" from ts to until, "permanently" with no end: the protocol's Durations.describe,
   * rounded up in the largest unit that fits, hours until 2 days.
   */
  function lastingOf(ts, until) {
    if (!until) return 'permanently';
    const seconds = Math.max(1, Math.ceil((Date.parse(until) - Date.parse(ts)) / 1000) || 1);
    if (seconds < 60) return 'for ' + seconds + ' s';
    if (seconds < 3600) return 'for ' + Math.ceil(seconds / 60) + ' min';
    if (seconds < 2 * 86400) return 'for ' + Math.ceil(seconds / 3600) + ' h';
    return 'for ' + Math.ceil(seconds / 86400) + ' days';
  }

  /** "2026-12-02 07:00 UTC": a ban's dates, the same for everyone. */
  function utc(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function kicked(e) {
    if (e.echo) {
      sentAway = 'kicked';
      show('notice', [text('You were kicked by ' + e.by + reasonOf(e.reason))], 'away');
      return;
    }
    gone(e.room, e.name);
    show('notice', [text(e.name + ' left ' + e.room + ', kicked by ' + e.by + reasonOf(e.reason))], 'mod');
  }

  function banned(e) {
    const lasting = ' ' + lastingOf(e.ts, e.until);
    if (e.echo) {
      sentAway = 'banned';
      show('notice', [text('You are banned from this server by ' + e.by + lasting + reasonOf(e.reason))], 'away');
    } else if (e.room) {
      gone(e.room, e.target);
      show('notice', [text(e.target + ' left ' + e.room + ', banned by ' + e.by + lasting + reasonOf(e.reason))], 'mod');
    } else {
      // The operator's own confirmation.
      show('notice', [text(e.target + ' is banned' + lasting
        + (e.closed ? ' (' + plural(e.closed, 'connection', 'connections') + ' closed)' : ''))], 'mod');
    }
  }

  /** The answer to /bans: a line for the count (paged as /who), then one a ban. */
  function bans(e) {
    const list = Array.isArray(e.bans) ? e.bans : [];
    if (!e.count && list.length === 0) {
      show('notice', [text('No bans')]);
      return;
    }
    show('notice', [text(count(e.count) + (e.count === 1 ? ' ban:' : ' bans:') + page(e, '/bans'))]);
    list.forEach((b) => show('notice', [text('  ' + b.target + ' by ' + b.by + (b.set ? ' on ' + utc(b.set) : '')
      + (b.until ? ', until ' + utc(b.until) : ', until lifted') + reasonOf(b.reason))]));
  }

  function topic(e) {
    if (e.changed) {
      return e.text ? e.by + ' set the topic of ' + e.room + ' to: ' + e.text : e.by + ' cleared the topic of ' + e.room;
    }
    if (!e.text) return e.room + ' has no topic';
    return 'Topic of ' + e.room + ': ' + e.text + (e.by ? ' (set by ' + e.by + ')' : '');
  }

  /** On a reconnect a taken name is tried again for a while; otherwise the user is asked for another. */
  function nameRefused(e) {
    nameInFlight = false;
    passwordFor = null;
    const now = Date.now();
    if (returning && wantedName !== null && e.code === 'name_taken') {
      if (nameRetryUntil === 0) {
        nameRetryUntil = now + NAME_RETRY_FOR_MS;
        nameRetries = 0;
      }
      if (nameRetryUntil > now) {
        const pause = Math.min(NAME_RETRY_MAX_MS, 1000 * 2 ** Math.min(nameRetries, 10));
        nameRetries++;
        note('The name ' + wantedName + ' is still taken, most likely by the connection that just dropped, which the'
          + ' server has not seen go yet; trying again in ' + (pause / 1000).toFixed(1) + ' s.');
        nameRetryTimer = setTimeout(() => {
          if (connected && !loggedIn && !nameInFlight && wantedName !== null) nameInFlight = send(wantedName);
        }, pause);
        return;
      }
      note('The name ' + wantedName + ' is still taken. Type a name to log in with.');
    }
    wantedName = null;
    nameRetryUntil = 0;
    showLogin(e.text);
  }

  /** The name form, with the server's reason when it refused the last name. */
  function showLogin(why) {
    ui.say.hidden = true;
    ui.login.hidden = false;
    if (why !== undefined) ui.nameError.textContent = why;
    if (!ui.name.value) ui.name.value = name || storedName();
    const asking = passwordFor !== null && passwordsGo();
    ui.passwordRow.hidden = !asking;
    ui.password.value = '';
    if (asking) {
      ui.password.focus();
    } else {
      ui.name.focus();
      ui.name.select();
    }
  }

  /** The name the name field offers next time. */
  function remember(accepted) {
    try {
      localStorage.setItem('chatroom.name', accepted);
    } catch (ignored) {
      // storage refused (private mode): the name field just starts empty next time
    }
  }

  function storedName() {
    try {
      return localStorage.getItem('chatroom.name') || '';
    } catch (ignored) {
      return '';
    }
  }

  function seen(r, id) {
    if (typeof r !== 'string' || typeof id !== 'number') return;
    const k = key(r);
    if (!(lastIds.get(k) >= id)) lastIds.set(k, id);
  }

  /** The echo of a line sent: it was said. */
  function confirmed(line) {
    const at = unanswered.indexOf(line);
    unanswered.splice(at >= 0 ? at : 0, 1);
  }

  /**
   * Whether a line names the user, as the terminal client's Mentions: the name as a whole word,
   * any case ("bob" in "thanks, Bob!", not in "bobby" nor "bob-2": a dash can be part of a name).
   */
  function mentions(line, who) {
    const word = who.replace(/[^A-Za-z0-9_]/g, '\\$&');
    return new RegExp('(?:^|[^A-Za-z0-9_-])' + word + '(?![A-Za-z0-9_-])', 'i').test(line);
  }

  function alert() {
    if (document.hidden) {
      unseen++;
      title();
    }
  }

  function title() {
    document.title = (unseen > 0 ? '(' + unseen + ') ' : '') + (room ? room + ' · ' : '') + TITLE;
    ui.where.textContent = room ? room : '';
  }

  function status(what, bad) {
    ui.status.textContent = what;
    ui.status.classList.toggle('offline', bad);
  }

  // ---------------------------------------------------------------- drawing

  function text(s, cls) {
    const span = document.createElement('span');
    span.textContent = s == null ? '' : String(s);
    if (cls) span.className = cls;
    return span;
  }

  function from(who) {
    const span = text(who, 'from');
    const i = colourIndex(who);
    if (i >= 0) span.classList.add('nc' + i);
    return span;
  }

  function time(ts) {
    const el = document.createElement('time');
    const d = new Date(ts);
    if (!isNaN(d)) {
      el.dateTime = ts;
      el.title = d.toLocaleString();
      const two = (n) => String(n).padStart(2, '0');
      el.textContent = '[' + two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds()) + '] ';
    }
    return el;
  }

  /**
   * Whether the view was at the end when the first of the lines since the last frame came; null
   * when no line waits for the frame. Read once a frame, before that frame's first line is
   * added, while the layout is still clean: reading scrollHeight right after a line was added
   * lays out the whole list (tens of ms at a few thousand lines, so a busy room kept the tab
   * busy). The scroll to the end is done once, before the next frame.
   */
  let followEnd = null;

  function followTheEnd() {
    if (followEnd !== null) return;
    const list = ui.messages;
    followEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    requestAnimationFrame(() => {
      if (followEnd) list.scrollTop = list.scrollHeight;
      followEnd = null;
    });
  }

  /**
   * Adds a line; the view follows the end unless the user has scrolled up to read. A line of
   * the page the "Earlier messages" button asked for is gathered instead, to go in at its end.
   */
  function show(kind, parts, ...classes) {
    const li = document.createElement('li');
    li.className = kind;
    classes.filter(Boolean).forEach((c) => li.classList.add(c));
    if (replay) li.classList.add('replayed');
    li.append(...parts);
    if (replay && replay.into) {
      replay.into.append(li);
      return li;
    }
    const list = ui.messages;
    followTheEnd();
    list.append(li);
    let trimmed = false;
    while (list.childElementCount > MAX_LINES + 1) { // the oldest go; the button stays first
      ui.earlierItem.nextElementSibling.remove();
      trimmed = true;
    }
    if (trimmed && !replay) drawEarlier();
    if (classes.includes('own')) followEnd = true;
    return li;
  }

  /** What the page itself tells the user (connection lost, line queued). */
  function note(s) {
    show('note', [text('--- ' + s)]);
  }

  function marker(s) {
    show('marker', [text('— ' + s + ' —')]);
  }

  function addMember(who) {
    if (typeof who !== 'string') return;
    members.set(key(who), who);
    addEveryone(who);
  }

  function addEveryone(who) {
    everyone.set(key(who), who);
  }

  const byName = (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' });

  function drawSide() {
    drawMembers();
    drawRooms();
  }

  function drawMembers() {
    const names = [...members.values()].sort(byName);
    ui.count.textContent = hereCount > 0 ? '(' + count(Math.max(hereCount, names.length)) + ')' : '';
    ui.members.replaceChildren(...names.map((who) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.append(from(who));
      if (name !== null && key(who) === key(name)) button.classList.add('own');
      button.title = 'Send ' + who + ' a private message';
      button.addEventListener('click', () => {
        ui.input.value = '/msg ' + who + ' ';
        closeSide();
        ui.input.focus();
      });
      const li = document.createElement('li');
      li.append(button);
      return li;
    }));
  }

  function drawRooms() {
    const list = [...rooms.values()].sort((a, b) => byName(a.name, b.name));
    ui.rooms.replaceChildren(...list.map((r) => {
      const button = document.createElement('button');
      button.type = 'button';
      const here = room !== null && key(r.name) === key(room);
      button.textContent = r.name + ' (' + count(here && connected ? Math.max(hereCount, members.size) : r.count) + ')';
      button.setAttribute('aria-current', String(here));
      button.addEventListener('click', () => {
        if (!here) typed('/join ' + r.name);
        closeSide();
      });
      const li = document.createElement('li');
      li.append(button);
      return li;
    }));
  }

  // ---------------------------------------------------------------- typing

  /** A line typed in the message box: a message or a /command, as in telnet. */
  function typed(line) {
    if (line.trim() === '') return; // the server ignores it too, without an answer
    const command = commandWord(line);
    if (command === '/format') {
      note('This page asks the server for JSON events and shows them itself; /format is for programs.');
      return;
    }
    if (command === '/resume') {
      note('This page resumes by itself after a reconnect; /join ROOM goes to a room.');
      return;
    }
    if (command === '/history' && pageAsked !== null) {
      // The server reads one page per connection at a time: this one would be refused, and the
      // refusal could not be told from one of the button's own.
      note('Not sent: earlier messages are on their way; ask again once they are shown.');
      return;
    }
    if (SECRET_COMMANDS.has(command) && !passwordsGo()) {
      note('Not sent: this page is not encrypted (http), so anyone on the way could read the password.'
        + ' Open it over https (a TLS proxy in front of the server).');
      return;
    }
    if (command === '/quit' || command === '/exit') {
      queue.length = 0;
      quitting = true;
      if (!send(line)) left(); // offline: no one to say goodbye to
      return;
    }
    if (queue.length >= MAX_QUEUED) {
      note('Not sent: ' + count(MAX_QUEUED) + ' lines are already waiting to be sent.');
      return;
    }
    queue.push(line);
    if (!connected) note('Not connected: this line will be sent after reconnecting (' + queue.length + ' waiting).');
    pump();
  }

  function commandWord(line) {
    const t = line.trimStart();
    if (!t.startsWith('/') || t.startsWith('//')) return null;
    return t.split(/\s/, 1)[0].toLowerCase();
  }

  /** Sends what waits, in order, once the user is in a room and its history replay is over. */
  function pump() {
    while (connected && loggedIn && !settling && !replay && queue.length > 0) {
      const line = queue[0];
      if (!send(line)) return;
      queue.shift();
      const command = commandWord(line);
      if (command === null || command === '/me' || command === '/msg') unanswered.push(command === null ? line.replace(/^\/\//, '/') : line);
    }
  }

  ui.say.addEventListener('submit', (e) => {
    e.preventDefault();
    const line = ui.input.value;
    const bytes = utf8.encode(line).length;
    if (bytes > MAX_LINE_BYTES) {
      // Kept in the box to be shortened: sent, it would cost the connection.
      note('Not sent: the line is ' + count(bytes) + ' bytes, over the server\'s limit of ' + count(MAX_LINE_BYTES) + '.');
      return;
    }
    ui.input.value = '';
    endCompletion();
    if (line.trim() !== '' && !SECRET_COMMANDS.has(commandWord(line))) { // a password is never recalled with Up
      typedLines.push(line);
      if (typedLines.length > 500) typedLines.shift();
    }
    typedPos = typedLines.length;
    typed(line);
  });

  ui.login.addEventListener('submit', (e) => {
    e.preventDefault();
    const typedName = ui.name.value.trim();
    const password = ui.password.value;
    ui.password.value = ''; // used for this one line, never kept
    if (typedName === '') return;
    if (nameInFlight) {
      return; // Enter twice: a second name, once the first is taken, would be said to the room
    }
    ui.nameError.textContent = '';
    let line = typedName;
    if (passwordFor !== null && !ui.passwordRow.hidden && key(typedName) === key(passwordFor)) {
      if (password === '') {
        ui.nameError.textContent = 'Give the password of ' + passwordFor + ', or choose another name.';
        ui.password.focus();
        return;
      }
      // With the name, so it also does on a new connection (one that dropped meanwhile).
      line = '/identify ' + passwordFor + ' ' + password;
    } else {
      passwordFor = null; // another name chosen
      ui.passwordRow.hidden = true;
    }
    if (connected && !loggedIn) {
      nameInFlight = send(line);
    } else if (!ws) {
      pendingName = line;
      connect();
    } else {
      pendingName = line; // connecting: sent when it opens
    }
  });

  ui.join.addEventListener('submit', (e) => {
    e.preventDefault();
    const r = ui.roomName.value.trim().replace(/^#/, '');
    if (r === '') return;
    ui.roomName.value = '';
    typed('/join ' + r);
    closeSide();
    ui.input.focus();
  });

  ui.roomsRefresh.addEventListener('click', () => ask('rooms'));

  ui.sideToggle.addEventListener('click', () => {
    const open = !ui.side.classList.contains('open');
    ui.side.classList.toggle('open', open);
    ui.sideToggle.setAttribute('aria-expanded', String(open));
    if (open && loggedIn) ask('rooms'); // the counts may have changed since the list was drawn
  });

  function closeSide() {
    ui.side.classList.remove('open');
    ui.sideToggle.setAttribute('aria-expanded', 'false');
  }

  // ---------------------------------------------------------------- completion and history keys

  /**
   * Tab completes the word before the cursor as the terminal client's ChatCompleter does: a
   * first word starting with / to a command; a command's argument to what it takes (/join a
   * room, /msg anyone seen online, /me someone here); a first word to a name here plus ": ";
   * any other word to a name here. Tab again goes to the next candidate, Shift+Tab back.
   * Tab with nothing to complete moves the focus as usual, so the keyboard never gets stuck.
   */
  function complete(backwards) {
    const input = ui.input;
    if (cycle && input.value === cycle.shown) {
      cycle.at = (cycle.at + (backwards ? cycle.words.length - 1 : 1)) % cycle.words.length;
      put(cycle);
      return true;
    }
    const caret = input.selectionStart;
    const before = input.value.slice(0, caret);
    const start = before.lastIndexOf(' ') + 1;
    const prefix = before.slice(start);
    if (prefix === '') return false;
    const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
    const candidates = candidatesFor(words, prefix);
    const matching = candidates.words.filter((w) => w.toLowerCase().startsWith(prefix.toLowerCase()));
    if (matching.length === 0) return false;
    cycle = {
      head: input.value.slice(0, start), tail: input.value.slice(caret), suffix: candidates.suffix,
      words: matching, at: backwards ? matching.length - 1 : 0, shown: null,
    };
    put(cycle);
    ui.completions.textContent = matching.length > 1 ? matching.join('  ') : '';
    return true;
  }

  function candidatesFor(words, prefix) {
    const here = [...members.values()].sort(byName);
    if (words.length === 0 && prefix.startsWith('/')) {
      return { words: commands.map((c) => c.usage.split(' ')[0]), suffix: ' ' };
    }
    if (words.length === 0) {
      return { words: here, suffix: ': ' };
    }
    const first = words[0].toLowerCase();
    if (first.startsWith('/') && !first.startsWith('//')) {
      const argument = words.length - 1;
      if ((first === '/join' || first === '/resume') && argument === 0) {
        return { words: [...rooms.values()].map((r) => r.name).sort(byName), suffix: ' ' };
      }
      if (first === '/topic' && argument === 0) {
        return { words: [...rooms.values()].map((r) => r.name).sort(byName), suffix: ' ' };
      }
      if ((first === '/msg' || TAKES_A_NAME.has(first)) && argument === 0) {
        return { words: [...everyone.values()].sort(byName), suffix: ' ' };
      }
      return { words: first === '/me' ? here : [], suffix: ' ' };
    }
    return { words: here, suffix: ' ' };
  }

  function put(c) {
    const word = c.words[c.at] + c.suffix;
    ui.input.value = c.head + word + c.tail;
    const caret = c.head.length + word.length;
    ui.input.setSelectionRange(caret, caret);
    c.shown = ui.input.value;
  }

  function endCompletion() {
    cycle = null;
    ui.completions.textContent = '';
  }

  ui.input.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) {
      if (complete(e.shiftKey)) e.preventDefault();
      return;
    }
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const to = typedPos + (e.key === 'ArrowUp' ? -1 : 1);
      if (to < 0 || to > typedLines.length) return;
      e.preventDefault();
      typedPos = to;
      ui.input.value = to === typedLines.length ? '' : typedLines[to];
      return;
    }
    if (e.key === 'Escape') endCompletion();
  });

  ui.input.addEventListener('input', () => {
    cycle = null;
    // While a command's first word is typed, show the commands that fit, with what they take.
    const v = ui.input.value;
    const fits = v.startsWith('/') && !v.includes(' ') && !v.startsWith('//')
      ? commands.filter((c) => c.usage.startsWith(v.toLowerCase())) : [];
    ui.completions.textContent = fits.map((c) => c.usage).join('   ');
  });

  // ---------------------------------------------------------------- the tab

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && unseen > 0) {
      unseen = 0;
      title();
    }
  });

  // Closing the tab leaves the room, as closing the terminal client does.
  window.addEventListener('pagehide', () => {
    if (connected) {
      quitting = true;
      send('/quit');
    }
  });

  window.addEventListener('pageshow', (e) => {
    if (e.persisted && !ws && (wantedName !== null || name !== null)) {
      wantedName = wantedName || name;
      connect();
    }
  });

  // Back online: no need to wait out the backoff.
  window.addEventListener('online', () => {
    if (reconnectTimer !== null) connect();
  });

  ui.name.value = storedName();
  showLogin();
  connect();
})();
