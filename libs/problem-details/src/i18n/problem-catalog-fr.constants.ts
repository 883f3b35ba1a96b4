import type { ProblemCatalog } from './problem-catalog.interface.js';

/** French messages. */
export const PROBLEM_CATALOG_FR: ProblemCatalog = {
  VALIDATION_FAILED: {
    title: 'Échec de la validation',
    detail:
      'La requête contient des valeurs invalides ; voir errors pour chaque champ.',
  },
  MALFORMED_JSON: {
    title: 'JSON mal formé',
    detail: "Le corps de la requête n'est pas un JSON valide.",
  },
  UNAUTHENTICATED: {
    title: 'Authentification requise',
    detail: "La requête n'a pas d'identifiants valides.",
  },
  FORBIDDEN: {
    title: 'Accès interdit',
    detail: 'Les identifiants ne permettent pas cette action.',
  },
  NOT_FOUND: {
    title: 'Introuvable',
    detail: "La ressource demandée n'existe pas.",
  },
  REQUEST_TIMEOUT: {
    title: 'Délai de la requête dépassé',
    detail:
      'Le traitement de la requête a pris trop de temps et a été abandonné.',
  },
  CONFLICT: {
    title: 'Conflit',
    detail: "La requête est en conflit avec l'état actuel de la ressource.",
  },
  PAYLOAD_TOO_LARGE: {
    title: 'Contenu trop volumineux',
    detail: 'Le corps de la requête dépasse la taille autorisée.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    title: 'Type de média non pris en charge',
    detail:
      "Le type de contenu ou l'encodage de la requête n'est pas accepté ici.",
  },
  IDEMPOTENCY_KEY_REUSED: {
    title: "Clé d'idempotence réutilisée",
    detail: "La clé d'idempotence a déjà été utilisée pour une autre requête.",
  },
  RATE_LIMITED: {
    title: 'Trop de requêtes',
    detail:
      'La limite de requêtes est dépassée ; réessayez après le délai indiqué.',
  },
  UPSTREAM_RATE_LIMITED: {
    title: 'Service amont saturé',
    detail:
      'Un service nécessaire limite les requêtes ; réessayez après le délai indiqué.',
  },
  INTERNAL: {
    title: 'Erreur interne',
    detail:
      "Une erreur inattendue s'est produite. Indiquez l'identifiant de requête pour la signaler.",
  },
  UPSTREAM_UNAVAILABLE: {
    title: 'Service amont injoignable',
    detail: "Un service nécessaire n'a pas pu être joint.",
  },
  UPSTREAM_ERROR: {
    title: 'Erreur du service amont',
    detail: 'Un service nécessaire a répondu par une erreur.',
  },
  CIRCUIT_OPEN: {
    title: 'Service temporairement indisponible',
    detail:
      'Un service nécessaire est en défaillance ; les appels sont suspendus.',
  },
  BULKHEAD_FULL: {
    title: 'Service occupé',
    detail: 'Trop de requêtes sont traitées en ce moment.',
  },
  FEATURE_DISABLED: {
    title: 'Fonctionnalité désactivée',
    detail:
      'Cette fonctionnalité est désactivée pour le moment ; le membre feature la nomme.',
  },
  DEPENDENCY_UNAVAILABLE: {
    title: 'Dépendance indisponible',
    detail: 'Une ressource nécessaire est actuellement indisponible.',
  },
  UPSTREAM_TIMEOUT: {
    title: 'Délai du service amont dépassé',
    detail: "Un service nécessaire n'a pas répondu à temps.",
  },
};
