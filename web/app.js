/*
 * Contact page: intent tiles, then the recommended channel and the alternatives from the
 * contact-options API (same origin, /api/*), a web callback form, and journey events (no personal
 * data) for the 360° dashboard. Vanilla JS, no framework, no inline script (the CSP forbids it).
 */
(function () {
  'use strict';

  var STRINGS = {
    en: {
      skip: 'Skip to content',
      brand: 'Northwind customer help',
      languageNav: 'Language',
      title: 'How can we help?',
      intro: 'Choose what you need: we suggest the quickest way to get it done right now.',
      intentsHeading: 'What is it about?',
      alternatives: 'Other ways',
      unavailable: 'Not available right now',
      callbackHeading: 'Request a call back',
      phoneLabel: 'Your phone number',
      phoneHint: 'In international format, starting with + and the country code, e.g. +44 7700 900123.',
      callbackSubmit: 'Call me back',
      cancel: 'Cancel',
      back: 'Choose another reason',
      footer: 'You can always call us on',
      recommended: 'Recommended',
      open: 'Open',
      startChat: 'Start a chat',
      callNumber: 'Call {number}',
      requestCallback: 'Request a call back',
      loading: 'Loading…',
      loadingOptions: 'Finding the best way to help you…',
      announce: 'Recommended for {intent}: {label}. {reason}',
      noneAnnounce: '{headline}',
      phoneMissing: 'Please enter your phone number.',
      phoneFormat: 'Please enter your number in international format, starting with +.',
      sending: 'Sending…',
      failed: 'Sorry, something went wrong. You can call us on {number}.',
      intentsFailed: 'Sorry, we could not load this page. You can call us on {number}.',
      optionsFor: '{intent}',
    },
    fr: {
      skip: 'Aller au contenu',
      brand: 'Aide client Northwind',
      languageNav: 'Langue',
      title: 'Comment pouvons-nous vous aider ?',
      intro: 'Choisissez votre besoin : nous vous proposons le moyen le plus rapide en ce moment.',
      intentsHeading: 'De quoi s’agit-il ?',
      alternatives: 'Autres possibilités',
      unavailable: 'Indisponible pour le moment',
      callbackHeading: 'Être rappelé',
      phoneLabel: 'Votre numéro de téléphone',
      phoneHint:
        'Au format international, commençant par + et l’indicatif du pays, par ex. +33 6 12 34 56 78.',
      callbackSubmit: 'Me rappeler',
      cancel: 'Annuler',
      back: 'Choisir un autre motif',
      footer: 'Vous pouvez toujours nous appeler au',
      recommended: 'Recommandé',
      open: 'Ouvrir',
      startChat: 'Démarrer une discussion',
      callNumber: 'Appeler le {number}',
      requestCallback: 'Être rappelé',
      loading: 'Chargement…',
      loadingOptions: 'Nous cherchons la meilleure façon de vous aider…',
      announce: 'Recommandé pour {intent} : {label}. {reason}',
      noneAnnounce: '{headline}',
      phoneMissing: 'Veuillez saisir votre numéro de téléphone.',
      phoneFormat: 'Veuillez saisir votre numéro au format international, en commençant par +.',
      sending: 'Envoi…',
      failed: 'Désolé, une erreur est survenue. Vous pouvez nous appeler au {number}.',
      intentsFailed: 'Désolé, cette page n’a pas pu être chargée. Vous pouvez nous appeler au {number}.',
      optionsFor: '{intent}',
    },
  };

  var state = {
    lang: initialLanguage(),
    device: detectDevice(),
    intents: [],
    phoneNumber: '+442079460123',
    intent: undefined,
    decision: undefined,
    step: 'intents',
    done: false,
    pending: [],
    flushTimer: undefined,
    requestSeq: 0,
  };

  var $ = function (id) {
    return document.getElementById(id);
  };

  function initialLanguage() {
    var fromQuery = new URLSearchParams(window.location.search).get('lang');
    if (fromQuery === 'en' || fromQuery === 'fr') return fromQuery;
    return (navigator.language || 'en').toLowerCase().indexOf('fr') === 0 ? 'fr' : 'en';
  }

  function detectDevice() {
    var coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    return coarse || /Mobi|Android|iPhone/i.test(navigator.userAgent) ? 'mobile' : 'desktop';
  }

  function t(key, values) {
    var text = (STRINGS[state.lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return values && values[name] !== undefined ? values[name] : match;
    });
  }

  function formatPhone(e164) {
    if (/^\+44\d{10}$/.test(e164))
      return '+44 ' + e164.slice(3, 5) + ' ' + e164.slice(5, 9) + ' ' + e164.slice(9);
    if (/^\+33\d{9}$/.test(e164))
      return '+33 ' + e164.slice(3, 4) + ' ' + e164.slice(4).replace(/(\d{2})(?=\d)/g, '$1 ');
    return e164;
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function announce(text) {
    var status = $('status');
    status.textContent = '';
    // A fresh text node after a tick makes screen readers announce repeated messages too.
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function showError(text) {
    var error = $('error');
    error.textContent = text;
    error.hidden = !text;
  }

  // ----- journey events (no personal data: closed lists only) -------------------------------------

  function track(type, extra) {
    if (!state.intent && type !== 'intent-chosen') return;
    var event = { type: type, intent: extra && extra.intent ? extra.intent : state.intent };
    if (extra && extra.channel) event.channel = extra.channel;
    if (extra && extra.step) event.step = extra.step;
    state.pending.push(event);
    if (state.pending.length >= 10) flush(false);
    else if (!state.flushTimer)
      state.flushTimer = window.setTimeout(function () {
        flush(false);
      }, 400);
  }

  function flush(leaving) {
    window.clearTimeout(state.flushTimer);
    state.flushTimer = undefined;
    while (state.pending.length > 0) {
      var body = JSON.stringify({ events: state.pending.splice(0, 10) });
      var blob = new Blob([body], { type: 'application/json' });
      if (leaving && navigator.sendBeacon && navigator.sendBeacon('/api/events', blob)) continue;
      fetch('/api/events', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body,
        keepalive: true,
        credentials: 'same-origin',
      }).catch(function () {
        /* reporting must never disturb the visitor */
      });
    }
  }

  function leaving() {
    if (state.intent && !state.done)
      track('abandoned', { step: state.step === 'callback-form' ? 'callback-form' : 'options' });
    flush(true);
  }

  // ----- API ---------------------------------------------------------------------------------------

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(
      function (response) {
        return response.json().then(
          function (body) {
            if (!response.ok)
              throw Object.assign(new Error('http ' + response.status), {
                status: response.status,
                body: body,
              });
            return body;
          },
          function () {
            throw Object.assign(new Error('http ' + response.status), { status: response.status });
          },
        );
      },
    );
  }

  // ----- rendering -----------------------------------------------------------------------------------

  function applyStaticText() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-i18n]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    document.querySelectorAll('[data-i18n-label]').forEach(function (node) {
      node.setAttribute('aria-label', t(node.getAttribute('data-i18n-label')));
    });
    document.querySelectorAll('[data-lang]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-lang') === state.lang));
    });
    var footer = $('footer-phone');
    footer.href = 'tel:' + state.phoneNumber;
    footer.textContent = formatPhone(state.phoneNumber);
  }

  function renderIntents() {
    var list = $('intents');
    list.textContent = '';
    state.intents.forEach(function (intent) {
      var button = el('button', { type: 'button', class: 'tile', 'data-intent': intent.id }, [
        el('span', { class: 'tile-title', text: intent.title }),
        intent.description ? el('span', { class: 'tile-description', text: intent.description }) : null,
      ]);
      if (intent.id === state.intent) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', function () {
        chooseIntent(intent.id);
      });
      list.appendChild(el('li', {}, [button]));
    });
    list.setAttribute('aria-busy', 'false');
  }

  function intentTitle(id) {
    var intent = state.intents.find(function (i) {
      return i.id === id;
    });
    return intent ? intent.title : id;
  }

  /** The action of an option: a link for self-service, chat and phone, a button for a call back. */
  function action(option, primary) {
    var cls = primary ? 'action primary' : 'action';
    var label = option.label;
    var taken = function () {
      state.done = option.channel !== 'callback';
      track('option-taken', { channel: option.channel });
      if (state.done) flush(true);
    };
    if (option.channel === 'callback') {
      var button = el('button', {
        type: 'button',
        class: cls,
        'data-channel': 'callback',
        text: t('requestCallback'),
      });
      button.addEventListener('click', openCallbackForm);
      return button;
    }
    var href = option.channel === 'phone' ? 'tel:' + option.phoneNumber : option.url;
    var text =
      option.channel === 'phone'
        ? t('callNumber', { number: formatPhone(option.phoneNumber) })
        : option.channel === 'chat'
          ? t('startChat')
          : t('open');
    var link = el('a', {
      class: cls,
      href: href,
      'data-channel': option.channel,
      rel: 'noopener',
      text: text,
    });
    link.setAttribute('aria-label', label + ': ' + text);
    link.addEventListener('click', taken);
    return link;
  }

  function optionItem(option) {
    return el('li', { class: 'option', 'data-channel': option.channel }, [
      el('p', { class: 'option-label', text: option.label }),
      el('p', { class: 'option-reason', text: option.reason }),
      option.available ? action(option, false) : null,
    ]);
  }

  function renderDecision(decision) {
    var section = $('options');
    section.hidden = false;
    $('options-heading').textContent = t('optionsFor', { intent: intentTitle(decision.intent) });
    $('headline').textContent = decision.headline;

    var recommended = $('recommended');
    recommended.textContent = '';
    if (decision.recommended) {
      var r = decision.recommended;
      recommended.appendChild(
        el(
          'article',
          { class: 'recommended', 'aria-labelledby': 'recommended-label', 'data-channel': r.channel },
          [
            el('p', { class: 'badge', text: t('recommended') }),
            el('h3', { id: 'recommended-label', text: r.label }),
            el('p', { class: 'option-reason', text: r.reason }),
            action(r, true),
          ],
        ),
      );
    }
    var alternatives = $('alternatives');
    alternatives.textContent = '';
    decision.alternatives.forEach(function (o) {
      alternatives.appendChild(optionItem(o));
    });
    $('alternatives-block').hidden = decision.alternatives.length === 0;

    var unavailable = $('unavailable');
    unavailable.textContent = '';
    decision.unavailable.forEach(function (o) {
      unavailable.appendChild(optionItem(o));
    });
    $('unavailable-block').hidden = decision.unavailable.length === 0;

    [decision.recommended].concat(decision.alternatives).forEach(function (o) {
      if (o) track('option-shown', { channel: o.channel });
    });
    announce(
      decision.recommended
        ? t('announce', {
            intent: intentTitle(decision.intent),
            label: decision.recommended.label,
            reason: decision.recommended.reason,
          })
        : t('noneAnnounce', { headline: decision.headline }),
    );
  }

  // ----- flow ----------------------------------------------------------------------------------------

  function loadIntents() {
    $('intents').setAttribute('aria-busy', 'true');
    return getJson('/api/intents?lang=' + state.lang)
      .then(function (body) {
        state.intents = body.intents;
        state.phoneNumber = body.phoneNumber || state.phoneNumber;
        applyStaticText();
        renderIntents();
      })
      .catch(function () {
        showError(t('intentsFailed', { number: formatPhone(state.phoneNumber) }));
      });
  }

  function loadOptions(focus) {
    var seq = ++state.requestSeq;
    var query =
      '?intent=' + encodeURIComponent(state.intent) + '&lang=' + state.lang + '&device=' + state.device;
    $('options').setAttribute('aria-busy', 'true');
    announce(t('loadingOptions'));
    return getJson('/api/options' + query)
      .then(function (decision) {
        if (seq !== state.requestSeq) return;
        state.decision = decision;
        showError('');
        renderDecision(decision);
        if (focus) $('options-heading').focus();
      })
      .catch(function () {
        if (seq !== state.requestSeq) return;
        showError(t('failed', { number: formatPhone(state.phoneNumber) }));
      })
      .then(function () {
        $('options').setAttribute('aria-busy', 'false');
      });
  }

  function chooseIntent(id) {
    state.intent = id;
    state.step = 'options';
    state.done = false;
    closeCallbackForm(false);
    $('confirmation').hidden = true;
    document.querySelectorAll('.tile').forEach(function (tile) {
      if (tile.getAttribute('data-intent') === id) tile.setAttribute('aria-current', 'true');
      else tile.removeAttribute('aria-current');
    });
    track('intent-chosen', { intent: id });
    return loadOptions(true);
  }

  function openCallbackForm() {
    state.step = 'callback-form';
    var form = $('callback-form');
    form.hidden = false;
    setPhoneError('');
    $('phone').focus();
  }

  function closeCallbackForm(refocus) {
    $('callback-form').hidden = true;
    if (state.step === 'callback-form') state.step = 'options';
    if (refocus) $('options-heading').focus();
  }

  function setPhoneError(text) {
    var error = $('phone-error');
    error.textContent = text;
    error.hidden = !text;
    var input = $('phone');
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function requestId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return 'r' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  function submitCallback(event) {
    event.preventDefault();
    var phone = $('phone').value.trim();
    if (!phone) return (setPhoneError(t('phoneMissing')), $('phone').focus());
    if (!/^(\+|00)[0-9 ().-]{6,30}$/.test(phone))
      return (setPhoneError(t('phoneFormat')), $('phone').focus());
    setPhoneError('');
    var submit = $('callback-form').querySelector('button[type=submit]');
    submit.disabled = true;
    submit.textContent = t('sending');
    // With the regional web ACL's bot control on, callbacks need an AWS WAF token: the WAF JavaScript
    // integration (when the page loads it) wraps fetch to get and send one.
    var waf = window.AwsWafIntegration;
    var send = waf && typeof waf.fetch === 'function' ? waf.fetch.bind(waf) : window.fetch.bind(window);
    send('/api/callback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({
        intent: state.intent,
        phone: phone,
        lang: state.lang,
        device: state.device,
        requestId: requestId(),
      }),
    })
      .then(function (response) {
        // A WAF challenge or CAPTCHA the page could not solve (202/405 with this header): not booked.
        if (response.headers.get('x-amzn-waf-action')) {
          setPhoneError(t('failed', { number: formatPhone(state.phoneNumber) }));
          return;
        }
        return response.json().then(function (body) {
          if (response.status === 202) {
            state.done = true;
            track('option-taken', { channel: 'callback' });
            flush(false);
            $('callback-form').hidden = true;
            $('phone').value = '';
            var confirmation = $('confirmation');
            confirmation.textContent = body.message;
            confirmation.hidden = false;
            confirmation.focus();
            announce(body.message);
            return;
          }
          var message =
            body && body.error && body.error.message
              ? body.error.message
              : t('failed', { number: formatPhone(state.phoneNumber) });
          setPhoneError(message);
          $('phone').focus();
        });
      })
      .catch(function () {
        setPhoneError(t('failed', { number: formatPhone(state.phoneNumber) }));
      })
      .then(function () {
        submit.disabled = false;
        submit.textContent = t('callbackSubmit');
      });
  }

  function setLanguage(lang) {
    if (lang === state.lang) return;
    state.lang = lang;
    applyStaticText();
    loadIntents().then(function () {
      if (state.intent) loadOptions(false);
    });
  }

  function start() {
    applyStaticText();
    document.querySelectorAll('[data-lang]').forEach(function (button) {
      button.addEventListener('click', function () {
        setLanguage(button.getAttribute('data-lang'));
      });
    });
    $('callback-form').addEventListener('submit', submitCallback);
    $('callback-cancel').addEventListener('click', function () {
      closeCallbackForm(true);
    });
    $('back').addEventListener('click', function () {
      closeCallbackForm(false);
      $('options').hidden = true;
      state.step = 'intents';
      var current = document.querySelector('.tile[aria-current="true"]') || document.querySelector('.tile');
      if (current) current.focus();
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !$('callback-form').hidden) closeCallbackForm(true);
    });
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') flush(true);
    });
    loadIntents();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
