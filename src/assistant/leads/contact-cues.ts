/**
 * Cues around a contact detail in a visitor's message, accent-folded, in en/fr/de/es. Written for
 * chat in general: how people say "this is mine", "not that one", "call me on", "order number".
 */

/** Before an address or number: the visitor gives it as theirs, to be used. */
export const SELF_CUES = [
  'contact me', 'reach me', 'email me', 'mail me', 'write to me', 'call me', 'ring me', 'text me', 'my email', 'my e mail',
  'my address', 'my mail', 'my number', 'my phone', 'my mobile', 'my cell', 'use', 'instead', 'new', 'now', 'best', 'on', 'at',
  'contactez moi', 'ecrivez moi', 'appelez moi', 'rappelez moi', 'mon email', 'mon mail', 'mon adresse', 'mon numero', 'mon portable', 'mon telephone', 'plutot', 'nouveau', 'nouvelle', 'au',
  'kontaktieren sie mich', 'schreiben sie mir', 'rufen sie mich', 'meine e mail', 'meine email', 'meine adresse', 'meine nummer', 'meine handynummer', 'meine telefonnummer', 'mein handy', 'stattdessen', 'neue', 'unter',
  'contactenme', 'contactadme', 'contactame', 'escribanme', 'escribeme', 'escribidme', 'llamenme', 'llamame', 'llamadme', 'usad', 'ahora', 'mi correo', 'mi email', 'mi e mail', 'mi numero', 'mi telefono', 'mi movil', 'mejor', 'nuevo', 'nueva', 'al',
];

/** Self cues that also rank the detail above another offered one: "better on …", "plutôt au …", "mejor al móvil". */
export const PREFERENCE_CUES = [
  'instead', 'rather', 'better', 'preferably', 'prefer', 'best', 'plutot', 'de preference', 'je prefere', 'lieber', 'besser', 'stattdessen', 'bevorzugt',
  'mejor', 'preferiblemente', 'de preferencia', 'prefiero',
];

/** Before a detail only: what follows them is the one not to use ("a@… instead of b@…"). */
export const REPLACED_CUES = ['instead of', 'rather than', 'au lieu de', 'plutot que', 'statt', 'en vez de', 'en lugar de'];

/** Near an address or number: it is not (or no longer) the visitor's own. */
export const NOT_SELF_CUES = [
  'old', 'former', 'previous', 'no longer', 'not my', "don't use", 'do not use', 'not this', 'colleague', 'boss', 'wife', 'husband', 'friend', 'not',
  'ancien', 'ancienne', 'plus valide', 'pas mon', 'pas ce', 'collegue',
  'alte', 'alten', 'alter', 'fruhere', 'nicht mehr', 'nicht meine', 'kollege', 'kollegin',
  'antiguo', 'antigua', 'anterior', 'ya no', 'no es mi', 'companero', 'companera',
];

/** Before a number: the visitor offers it as a phone number. */
export const PHONE_CUES = [
  'call', 'call me', 'phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'whatsapp', 'ring', 'text', 'sms', 'reach me', 'my number', 'mine is', 'on', 'contact', 'use', 'new',
  'appelez', 'appeler', 'rappelez', 'telephone', 'tel', 'portable', 'natel', 'numero', 'joignable', 'au', 'contact', 'maintenant c est le', 'c est le',
  'anrufen', 'rufen', 'ruckruf', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'erreichbar', 'unter', 'nummer', 'neue', 'kontakt',
  'llamar', 'llamen', 'llamame', 'llamenme', 'llamarme', 'llamadme', 'telefono', 'tel', 'movil', 'celular', 'whatsapp', 'numero', 'al', 'contacto', 'es el',
];

/** Before a number: it identifies something else (an order, an invoice, a customer, a date). */
export const NOT_PHONE_CUES = [
  'order', 'order number', 'order no', 'invoice', 'customer', 'customer number', 'account', 'reference', 'ref', 'tracking', 'parcel', 'ticket', 'case', 'booking', 'reservation', 'serial', 'iban', 'vat', 'postcode', 'zip', 'id', 'since', 'date',
  'commande', 'numero de commande', 'facture', 'client', 'numero client', 'compte', 'suivi', 'colis', 'dossier', 'reservation', 'serie', 'siret', 'tva', 'code postal', 'depuis',
  'bestellung', 'bestellnummer', 'rechnung', 'rechnungsnummer', 'kunde', 'kundennummer', 'konto', 'sendung', 'sendungsnummer', 'paket', 'vorgang', 'buchung', 'buchungsnummer', 'seriennummer', 'plz', 'postleitzahl', 'seit',
  'pedido', 'numero de pedido', 'factura', 'cliente', 'numero de cliente', 'cuenta', 'seguimiento', 'numero de seguimiento', 'paquete', 'envio', 'reserva', 'serie', 'nif', 'dni', 'codigo postal', 'desde',
];
