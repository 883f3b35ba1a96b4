import type { ProblemCatalog } from './problem-catalog.interface.js';

/** German messages. */
export const PROBLEM_CATALOG_DE: ProblemCatalog = {
  VALIDATION_FAILED: {
    title: 'Validierung fehlgeschlagen',
    detail:
      'Die Anfrage enthält ungültige Werte; siehe errors für die einzelnen Felder.',
  },
  MALFORMED_JSON: {
    title: 'Fehlerhaftes JSON',
    detail: 'Der Inhalt der Anfrage ist kein gültiges JSON.',
  },
  UNAUTHENTICATED: {
    title: 'Anmeldung erforderlich',
    detail: 'Der Anfrage fehlen gültige Anmeldedaten.',
  },
  FORBIDDEN: {
    title: 'Zugriff verweigert',
    detail: 'Die Anmeldedaten erlauben diese Aktion nicht.',
  },
  NOT_FOUND: {
    title: 'Nicht gefunden',
    detail: 'Die angeforderte Ressource existiert nicht.',
  },
  REQUEST_TIMEOUT: {
    title: 'Zeitüberschreitung der Anfrage',
    detail:
      'Die Bearbeitung der Anfrage dauerte zu lange und wurde abgebrochen.',
  },
  CONFLICT: {
    title: 'Konflikt',
    detail:
      'Die Anfrage steht im Widerspruch zum aktuellen Zustand der Ressource.',
  },
  PAYLOAD_TOO_LARGE: {
    title: 'Inhalt zu groß',
    detail: 'Der Inhalt der Anfrage überschreitet die erlaubte Größe.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Nicht unterstützter Medientyp',
    detail:
      'Der Inhaltstyp oder die Kodierung der Anfrage wird hier nicht akzeptiert.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: 'Idempotenzschlüssel wiederverwendet',
    detail:
      'Der Idempotenzschlüssel wurde bereits für eine andere Anfrage verwendet.',
  },
  RATE_LIMITED: {
    title: 'Zu viele Anfragen',
    detail:
      'Das Anfragelimit wurde überschritten; bitte nach der angegebenen Zeit erneut versuchen.',
  },
  UPSTREAM_RATE_LIMITED: {
    title: 'Vorgelagerter Dienst drosselt',
    detail:
      'Ein benötigter Dienst begrenzt die Anfragen; bitte nach der angegebenen Zeit erneut versuchen.',
  },
  INTERNAL: {
    title: 'Interner Fehler',
    detail:
      'Ein unerwarteter Fehler ist aufgetreten. Bitte die Anfrage-ID bei Rückfragen angeben.',
  },
  UPSTREAM_UNAVAILABLE: {
    title: 'Vorgelagerter Dienst nicht erreichbar',
    detail: 'Ein benötigter Dienst konnte nicht erreicht werden.',
  },
  UPSTREAM_ERROR: {
    title: 'Fehler eines vorgelagerten Dienstes',
    detail: 'Ein benötigter Dienst hat mit einem Fehler geantwortet.',
  },
  CIRCUIT_OPEN: {
    title: 'Dienst vorübergehend nicht verfügbar',
    detail:
      'Ein benötigter Dienst ist gestört; Aufrufe an ihn sind vorübergehend ausgesetzt.',
  },
  BULKHEAD_FULL: {
    title: 'Dienst ausgelastet',
    detail: 'Derzeit werden zu viele Anfragen gleichzeitig bearbeitet.',
  },
  FEATURE_DISABLED: {
    title: 'Funktion abgeschaltet',
    detail:
      'Diese Funktion ist vorübergehend abgeschaltet; das Feld feature nennt sie.',
  },
  DEPENDENCY_UNAVAILABLE: {
    title: 'Abhängigkeit nicht verfügbar',
    detail:
      'Eine für die Anfrage benötigte Ressource ist derzeit nicht verfügbar.',
  },
  UPSTREAM_TIMEOUT: {
    title: 'Zeitüberschreitung eines vorgelagerten Dienstes',
    detail: 'Ein benötigter Dienst hat nicht rechtzeitig geantwortet.',
  },
};
