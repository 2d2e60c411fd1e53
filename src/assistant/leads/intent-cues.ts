import type { Language } from '../retrieval/languages/language';

/**
 * Built-in intent cues per language: words and phrases visitors use in any small business's chat.
 * Matched as whole words on accent-folded text, so "demo" also finds "démo" and "Démo".
 * Billing trouble (invoice, refund) is support: someone has to look at the visitor's account.
 */
export const INTENT_CUES: Record<string, Record<Language, string[]>> = {
  pricing: {
    en: ['price', 'prices', 'pricing', 'cost', 'costs', 'how much', 'quote', 'quotation', 'estimate', 'rates', 'fee', 'fees', 'plans', 'tariff', 'discount', 'special offer'],
    fr: ['prix', 'tarif', 'tarifs', 'combien', 'devis', 'cout', 'coute', 'coutent', 'couts', 'estimation', 'remise', 'frais', 'promotion', 'reduction'],
    de: ['preis', 'preise', 'kosten', 'kostet', 'wie viel', 'wieviel', 'angebot', 'kostenvoranschlag', 'tarif', 'tarife', 'gebuhr', 'gebuhren', 'rabatt'],
    es: ['precio', 'precios', 'cuanto cuesta', 'cuanto cuestan', 'cuanto vale', 'cuanto es', 'cuanto son', 'cuanto sale', 'cuesta', 'cuestan', 'tarifa', 'tarifas', 'presupuesto', 'cotizacion', 'coste', 'costo', 'descuento', 'oferta'],
  },
  demo: {
    en: ['demo', 'demonstration', 'trial', 'free trial', 'walkthrough', 'see it in action', 'show me how it works', 'presentation'],
    fr: ['demo', 'demonstration', 'essai', 'version d essai', 'periode d essai', 'presentation', 'voir comment ca marche'],
    de: ['demo', 'vorfuhrung', 'testversion', 'testzugang', 'probezeitraum', 'testphase', 'prasentation', 'ausprobieren'],
    es: ['demo', 'demostracion', 'prueba gratuita', 'version de prueba', 'periodo de prueba', 'presentacion'],
  },
  contact: {
    en: ['contact me', 'contact us', 'call me', 'call me back', 'ring me', 'give me a ring', 'give me a call', 'phone me', 'text me', 'email me', 'e-mail me', 'mail me', 'write to me', 'reach me', 'get back to me', 'get in touch', 'call back', 'callback', 'sales team', 'speak to sales', 'talk to sales', 'someone call', 'someone contact'],
    fr: ['contactez moi', 'contactez nous', 'me contacter', 'appelez moi', 'rappelez moi', 'm appeler', 'me rappeler', 'ecrivez moi', 'm ecrire', 'me joindre', 'me recontacter', 'recontactez moi', 'rappel'],
    de: ['rufen sie mich', 'ruft mich', 'ruf mich', 'mich anrufen', 'ruckruf', 'zuruckrufen', 'kontaktieren sie mich', 'kontaktiert mich', 'melden sie sich', 'meldet euch', 'schreiben sie mir', 'schreibt mir', 'mir schreiben', 'mich erreichen', 'kontaktaufnahme'],
    es: ['llamenme', 'llamame', 'llamadme', 'llamarme', 'me llameis', 'me llamarais', 'me llamaseis', 'me pueden llamar', 'me puede llamar', 'me podeis llamar', 'contactenme', 'contactame', 'contactadme', 'contactarme', 'escribanme', 'escribeme', 'escribidme', 'escribirme', 'me contacten', 'me contacteis', 'me llamen', 'me escriban', 'me escribais'],
  },
  support: {
    en: ['help', 'need help', 'problem', 'issue', 'broken', 'not working', "doesn't work", 'does not work', "isn't working", "won't work", "can't log in", 'cannot log in', "can't login", "can't sign in", 'unable to', 'error', 'bug', 'crash', 'refund', 'charged twice', 'charged again', 'double charged', 'wrong', 'incorrect', 'complaint', 'support', 'fix', 'damaged', 'defective', 'missing', 'has not arrived', "hasn't arrived", 'never arrived', 'not arrived', 'not received', "didn't receive", 'still waiting', 'where is my', 'supposed to', 'delayed', 'lost', 'locked out', 'money back'],
    fr: ['aide', 'besoin d aide', 'probleme', 'souci', 'ne marche pas', 'ne marche plus', 'ne fonctionne pas', 'ne fonctionne plus', 'marche pas', 'panne', 'bug', 'erreur', 'impossible de', 'n arrive pas', 'arrive pas a', 'rembourse', 'remboursement', 'rembourser', 'preleve deux fois', 'debite deux fois', 'casse', 'abime', 'defectueux', 'reclamation', 'pas recu', 'rien recu', 'jamais recu', 'ou en est', 'en retard', 'perdu', 'bloque', 'incorrect', 'mauvais', 'mauvaise', 'se plante', 'plante'],
    de: ['hilfe', 'problem', 'probleme', 'funktioniert nicht', 'funktioniert nicht mehr', 'geht nicht', 'kaputt', 'defekt', 'fehler', 'fehlermeldung', 'storung', 'sturzt ab', 'absturz', 'abgesturzt', 'kann mich nicht anmelden', 'kann mich nicht einloggen', 'nicht einloggen', 'nicht anmelden', 'erstattung', 'ruckerstattung', 'geld zuruck', 'doppelt abgebucht', 'zweimal abgebucht', 'falsch', 'stimmt nicht', 'beschwerde', 'reklamation', 'beschadigt', 'nicht angekommen', 'nie angekommen', 'nicht erhalten', 'noch nicht da', 'wo ist meine', 'wo bleibt', 'verspatet', 'verloren', 'gesperrt'],
    es: ['ayuda', 'problema', 'no funciona', 'no me funciona', 'ya no funciona', 'no puedo', 'no me deja', 'error', 'fallo', 'falla', 'averia', 'roto', 'rota', 'reembolso', 'devolucion del dinero', 'devolver el dinero', 'me devolvais', 'me devuelvan', 'el dinero', 'cobrado dos veces', 'cobro doble', 'esta mal', 'tiene mal', 'sale mal', 'incorrecta', 'incorrecto', 'queja', 'reclamacion', 'danado', 'defectuoso', 'no ha llegado', 'no me ha llegado', 'nunca llego', 'no he recibido', 'donde esta mi', 'parado', 'retraso', 'perdido', 'bloqueada', 'bloqueado'],
  },
  purchase: {
    en: ['buy', 'purchase', 'place an order', 'want to order', 'like to order', 'bulk order', 'order now', 'checkout', 'sign up', 'signup', 'subscribe', 'upgrade', 'get started', 'enrol', 'enroll', 'reserve', 'rent'],
    fr: ['acheter', 'achat', 'commander', 'passer commande', 'passer une commande', 'souscrire', 'm abonner', 'abonner', 'prendre l abonnement', 'inscrire', 'reserver', 'louer'],
    de: ['kaufen', 'bestellen', 'kauf', 'abonnieren', 'abschliessen', 'buchen', 'reservieren', 'mieten', 'upgrade', 'registrieren', 'anmelden fur'],
    es: ['comprar', 'hacer un pedido', 'realizar un pedido', 'quiero pedir', 'contratar', 'suscribirme', 'suscribir', 'darme de alta', 'adquirir', 'apuntarme', 'inscribirme', 'matricularme', 'reservar', 'alquilar'],
  },
};
