import type { Language } from '../retrieval/languages/language';

/**
 * Built-in intent cues per language: words and phrases visitors use in any small business's chat
 * (a shop, a SaaS, a holiday let, a school, a practice, a restaurant). Matched on accent-folded words,
 * inflection-tolerant (see cue-matcher.ts for "=exact", "*compound head" and "…" gaps), so "demo" also
 * finds "démo", "rembourser" finds "remboursée" and "vorführung" finds "Produktvorführung".
 * Billing trouble (wrong invoice, charged twice, refund) is support: someone has to look at the account.
 * Stems shared with the nouns of a complaint are written exact ("=commander" must not find "ma
 * commande", "=bestellen" not "Bestellung", "=reservar" not "mi reserva", "=comprar" not "compré").
 */
export const INTENT_CUES: Record<string, Record<Language, string[]>> = {
  pricing: {
    en: [
      'price', 'prices', 'pricing', 'priced', 'price list', 'cost', 'costs', 'costing', 'how much', 'quote', 'quotation', 'estimate',
      'rates', 'hourly rate', 'day rate', 'nightly rate', 'your rate', 'fee', 'fees', 'plans', 'tariff', 'discount', 'discounts',
      'special offer', 'cheaper', 'cheapest', 'expensive', 'affordable', 'what do you charge', 'how much do you charge',
      'whats the total', 'what s the total', 'what is the total', 'what would the total', 'total cost', 'total price',
      'is it free', 'free of charge', 'do i have to pay', 'do we have to pay', 'any deals', 'any offers',
    ],
    fr: [
      'prix', 'tarif', 'tarifs', 'tarification', 'tarifaire', 'combien', 'devis', 'cout', 'couter', 'coute', 'coutent', 'couts',
      'estimation', 'remise', 'frais', 'promotion', 'reduction', 'rabais', 'ristourne', 'cher', 'moins cher', 'offre speciale',
      'grille tarifaire', 'quel budget', 'c est gratuit', 'est ce gratuit', '=payant', 'faut il payer',
    ],
    de: [
      'preis', 'preise', 'preisliste', '*kosten', 'kostet', 'kostenpunkt', 'wie =viel', 'wieviel', 'angebot', 'kostenvoranschlag',
      '=tarife', 'gebuhr', 'gebuhren', 'rabatt', 'teuer', 'gunstig', 'gunstiger', 'ermassigung', 'ermassigt', 'nachlass',
      'konditionen', 'was zahlt man', 'was muss ich zahlen', 'was zahle ich', 'kostenpflichtig', 'ist das kostenlos', 'wie hoch ist', 'wie hoch sind', 'muss man zahlen', 'was nehmen sie',
      'was verlangen sie',
    ],
    es: [
      'precio', 'precios', 'cuanto … cuesta', 'cuanto … cuestan', 'cuanto … vale', 'cuanto … valen', 'cuanto es', 'cuanto son',
      'cuanto … sale', 'cuanto … seria', 'cuanto … costaria', 'cuanto =cobrais',
      'cuanto =cobran', 'cuanto =cobras', 'que =cobrais', 'cuesta', 'cuestan', 'costaria', 'costarian', 'costar', 'tarifa', 'tarifas', 'presupuesto',
      'cotizacion', 'cotizar', 'coste', 'costo', 'descuento', 'descuentos', 'oferta', 'rebaja', 'promocion', 'caro', 'barato',
      'mas barato', 'precio especial', 'es gratis', 'es gratuito', 'hay que pagar', 'se paga',
    ],
  },
  demo: {
    en: [
      'demo', 'demos', 'demonstration', 'trial', 'free trial', 'trial period', 'walkthrough', 'walk through', 'walk me through',
      'walk us through', 'see it in action', 'show me how', 'show us how', 'show me around', 'show us around', 'presentation',
      'product tour', 'test account', 'sandbox', 'test drive', 'test ride', 'try it out', 'try it first', 'try it before', 'try before', 'try … before we', 'try … before i', 'try … before buying', 'try … before paying', 'try your tool', 'try your software', 'try your app', 'try your platform', 'try your product',
      'try the software', 'try the tool', 'show … the platform', 'show … the software', 'see how … works', 'see how it works',
      'try the platform', 'try the app', 'taster', 'trial lesson',
      'trial class', 'free lesson', 'free class', 'pilot', 'tour of the', 'see the software', 'see the platform', 'try it for free', 'try for free', 'try it free',
    ],
    fr: [
      'demo', 'demonstration', 'essai', 'essais', 'version d essai', 'periode d essai', 'cours d essai', 'seance d essai', 'presentation',
      'voir comment ca marche', 'montrer comment', 'montrez moi', 'essayer', '=tester', '=testez', 'cours … decouverte',
      'seance … decouverte', 'atelier decouverte', 'cours gratuit', 'compte de test', 'compte test', 'voir l outil', 'voir le logiciel', 'voir la plateforme', 'voir l application',
      'visite guidee', '=montrer … logiciel', '=montrer … plateforme', '=montrer … outil',
    ],
    de: [
      'demo', 'vorfuhrung', 'testversion', 'testzugang', 'testaccount', 'testkonto', 'demozugang', 'testmonat', 'probezeitraum', 'testphase', 'prasentation', 'ausprobieren',
      'probieren', '=testen', 'probemonat', 'probeabo', 'probelektion', 'probestunde', 'probetraining', 'schnupperstunde',
      'schnupperkurs', 'schnuppern', 'probefahrt', 'testfahrt', 'zeigen sie uns', 'zeigen sie mir', 'software … zeigen', 'programm … zeigen',
      'tool … zeigen', 'plattform … zeigen', 'fuhrung durch', 'system … vorstellen', 'software … vorstellen', 'programm … vorstellen',
      'plattform … vorstellen', 'tool … vorstellen',
    ],
    es: [
      'demo', 'demostracion', 'prueba gratuita', 'prueba gratis', 'version de prueba', 'periodo de prueba', 'clase de prueba',
      'sesion de prueba', 'cuenta de prueba', 'clase gratis', 'clase gratuita', 'presentacion', '=probar', '=probarlo', '=probarla', 'ver como funciona',
      'mostrar como funciona', 'ensenar como funciona', 'ver el programa', 'ver la plataforma', 'ver el software',
      'ver la herramienta', '=ensenar … plataforma', '=ensenar … programa', '=ensenar … software', '=mostrar … plataforma', '=mostrar … programa',
      '=mostrar … software',
    ],
  },
  contact: {
    en: [
      'contact me', 'contact us', 'call me', 'call me back', 'call us', 'ring me', 'give me a ring', 'give me a call', 'give us a call',
      'phone me', 'text me', 'email me', 'e-mail me', 'mail me', 'message me', 'whatsapp me', 'write to me', 'reach me', 'reach out',
      'get back to me', 'get back to us', 'get in touch', 'drop me a line', 'send me an email', 'call back', 'callback', 'sales team',
      'speak to sales', 'talk to sales', 'someone call', 'someone contact', 'speak to someone', 'talk to someone', 'speak to a person',
      'talk to a person', 'speak to a human', 'talk to a human', 'speak with someone', 'talk with someone', 'speak with sales',
      'speak with a person', 'real person', 'who do i talk to', 'who can i talk to', 'who do i speak to', 'who can i speak to',
      'who should i contact', 'my number is', 'my mobile is', 'my phone number',
    ],
    fr: [
      'contactez moi', 'contactez nous', 'me contacter', 'nous contacter', 'appelez moi', 'rappelez moi', 'm appeler', 'me rappeler',
      'ecrivez moi', 'm ecrire', 'me joindre', 'je suis joignable', 'joignable au', 'joignable sur', 'me recontacter', 'recontactez moi', 'rappel', 'envoyez moi un mail',
      'parler a quelqu un', 'parler a un conseiller', 'un conseiller', 'service commercial', 'mon numero', 'mon portable',
      'mon tel', 'mon adresse mail', 'a qui m adresser', 'a qui dois je m adresser',
    ],
    de: [
      'rufen sie mich', 'ruft mich', 'ruf mich', 'mich … anrufen', 'ruckruf', 'zuruckrufen', 'kontaktieren sie mich', 'kontaktiert mich',
      'mich kontaktieren', 'melden sie sich', 'meldet euch', 'melde dich', 'bei mir melden', 'schreiben sie mir', 'schreibt mir',
      'schreib mir', 'mir schreiben', 'mich erreichen', 'erreichbar', 'kontaktaufnahme', 'meine nummer', 'meine handynummer',
      'meine telefonnummer', 'mein handy', 'mit jemandem sprechen', 'an wen kann ich mich wenden',
      'an wen wende ich mich',
    ],
    es: [
      '=llamenme', '=llamame', '=llamadme', '=llamarme', 'me =llameis', 'me =llamais', 'me =llamarais', 'me =llamaseis',
      'me =llamen', 'me puede =llamar', 'me pueden =llamar', 'me podeis =llamar', 'me podrias =llamar', 'me podriais =llamar',
      'me podria =llamar', 'me podrian =llamar', 'devolver la llamada', '=contactenme', '=contactame', '=contactadme',
      '=contactarme', '=escribanme', '=escribeme', '=escribidme', '=escribirme', 'me =contacten', 'me =contacteis', 'me =escriban',
      'me =escribais', 'ponerse en contacto', 'poneros en contacto', 'pongase en contacto', 'hablar con alguien',
      'hablar con una persona', 'hablar con un asesor', 'hablar con un comercial', 'con quien puedo hablar', 'con quien hablo', 'mi movil', 'mi telefono', 'mi celular', 'mi whatsapp', 'os dejo mi',
      'le dejo mi', 'te dejo mi',
    ],
  },
  support: {
    en: [
      'need help', 'help me', 'help please', 'please help', 'pls help', 'help needed', 'problem', 'issue', 'broken', 'broke',
      'not working', 'doesnt work', 'dont work', 'isnt working', 'wont work', 'stopped working', 'stop working', 'stopped syncing',
      'not syncing', 'not loading', 'wont load', 'doesnt load', 'cant load', 'wont open', 'doesnt open', 'cant open', 'not opening',
      'wont let me', 'doesnt let me', 'cant log in', 'cannot log in', 'cant login', 'cant sign in', 'cannot sign in', 'cant access',
      'cannot access', 'unable to', 'reset my password', 'forgot my password', 'forgotten my password', 'locked out', 'error',
      'bug', 'glitch', 'crash', 'crashed', 'frozen', 'freezes', 'stuck on', 'stuck at', 'got stuck', 'is stuck', 'its stuck', 'fails', 'failed', 'failing', 'went wrong',
      'something wrong', 'blank page', 'blank screen', 'white screen', 'refund', 'charged twice', 'charged me twice',
      'charged 2 times', 'charged … twice', 'billed twice', 'billed … twice', 'paid twice', 'payment twice', 'taken twice', 'took … twice', 'debited twice', 'charged again', 'double charged', 'overcharged', 'money back', 'declined',
      'wrong', 'incorrect', 'mistake', 'doesnt match', 'complaint', 'complain', 'support team', 'customer support',
      'tech support', 'technical support', 'support ticket', 'fix', 'damaged', 'defective', 'faulty', 'cracked', 'scratched',
      'dented', 'leaking', 'leaked', 'torn', 'missing', 'has not arrived', 'hasnt arrived', 'never arrived', 'not arrived',
      'not received', 'didnt receive', 'havent received', 'didnt get', 'havent got', 'hasnt come', 'never came', 'never comes',
      'never got', 'not shown up', 'hasnt shown up', 'still not', 'still no', 'still havent', 'still hasnt', 'still waiting',
      'where is my', 'wheres my', 'where s my', 'supposed to', 'delayed', 'lost', 'not happy', 'disappointed',
      'cant download', 'cant pay', 'cant complete', 'cant see my', 'cant find my', 'cant connect', 'cant install', 'cant update',
      'cant checkout', '404', 'invalid', 'not impressed', 'dirty', 'even though i cancelled', 'after i cancelled', 'still charged',
      'still being charged', 'doesnt fit', 'dont fit', 'swap it', 'exchange it', 'exchange them', 'not showing', 'doesnt show',
      'disappeared', 'went missing', 'stolen', 'very slow', 'really slow', 'so slow', 'whats going on', 'what s going on',
      'logged me out', 'logs me out', 'logging me out', 'kicks me out', 'kicking me out', 'kicked me out', 'got locked', 'account locked', 'account … locked', 'cuts out', 'cutting out', 'are gone', 'vanished', 'has expired', 'expired', 'been waiting for', 'been waiting since', 'waiting for my', 'waiting on my', 'incomplete', 'overdue', 'never showed', 'never turned up', 'not turned up', 'hasnt turned up', 'not what i ordered', 'double billed', 'is down',
      'site down', 'app down', 'still says', 'still shows', 'still showing', 'still pending', 'still processing', 'keeps spinning',
      'spins forever', 'loading forever', 'keeps loading', 'keeps crashing',
    ],
    fr: [
      'besoin d aide', 'aidez moi', 'a l aide', 'probleme', 'souci', 'ne marche', 'marche pas', 'marche plus', 'ne fonctionne',
      'fonctionne pas', 'fonctionne plus', 'ne charge', 'ne s allume', 'ne demarre', 'ne s ouvre', 'ne se lance', 'ne passe',
      'ne s affiche', 's affiche pas', 'ne repond', 'panne', 'bug', 'bugue', 'beug', 'beugue', 'se plante', 'ca plante', 'erreur',
      'impossible de', 'impossible d', 'n arrive pas', 'n arrive plus', 'arrive pas a', 'arrive plus a', 'mot de passe oublie',
      'page blanche', 'ecran blanc', 'ecran noir', 'rembourse', 'remboursement', 'rembourser', 'preleve deux fois',
      'preleve 2 fois', 'debite deux fois', 'debite 2 fois', 'paye deux fois', 'paye 2 fois', 'facture deux fois',
      'facture 2 fois', 'double prelevement', 'casse', 'abime', 'endommage', 'defectueux', 'raye', 'fendu', 'fuit', 'reclamation',
      'pas recu', 'rien recu', 'jamais recu', 'toujours pas', 'toujours rien', 'pas arrive', 'jamais arrive', 'ou en est',
      'ou est ma', 'ou est mon', 'en retard', 'perdu', 'bloque', 'incorrect', 'errone', 'mauvais', 'mauvaise', 'pas le bon',
      'pas la bonne', 'ne correspond pas', 'il manque', 'manque un', 'manque une', 'manque le', 'manque la', 'manque des',
      'manquant', 'recu aucun', 'recu aucune', 'aucune nouvelle', 'pas content', 'pas satisfait', 'decu', 'decue', 'sans pouvoir',
      'alors que j ai resilie', 'alors que j ai annule', 'invalide', 'n est pas valide',
      'ne me va pas', '=echanger', 'faire un echange', 'n apparait pas', 'apparait pas', 'n apparait plus', 'disparu', 'disparue',
      'trouve pas mon', 'trouve pas ma', 'trouve plus', 'tres lent', 'tres lente', 'recu deux fois', 'recu 2 fois',
      'j attends mon', 'j attends ma', 'j attends toujours', 'attends depuis', 'echoue', 'en echec', 'echec du paiement', 'echec de paiement', 'a expire', 'est expire', 'refuse', 'perime', 'incomplet',
      'est faux', 'sont faux', 'montant … faux', 'tourne dans le vide', 'charge a l infini',
    ],
    de: [
      'hilfe', 'problem', 'probleme', 'funktioniert … nicht', 'geht … nicht', 'klappt … nicht', 'lauft … nicht', 'ladt … nicht',
      'startet … nicht', 'offnet … nicht', 'lasst sich nicht', 'kaputt', 'defekt', 'fehler', 'fehlermeldung', 'fehlerhaft',
      'fehlt', 'fehlen', 'storung', 'sturzt ab', 'absturz', 'abgesturzt', 'hangt sich auf', 'nicht … einloggen',
      'nicht … anmelden', 'nicht … zugreifen', 'kein zugang', 'kein zugriff', 'passwort vergessen', 'passwort zurucksetzen',
      'weisser bildschirm', 'weisse seite', 'leere seite', 'erstattung', 'ruckerstattung', 'erstattet', 'zuruckerstattet',
      'zuruckuberwiesen', 'zuruckuberweisen', 'zuruckzahlen', 'zuruckgezahlt', 'geld zuruck', 'doppelt abgebucht',
      'zweimal abgebucht', '2x abgebucht', 'doppelt berechnet', 'zweimal berechnet', 'doppelt bezahlt', 'zweimal bezahlt',
      'doppelt belastet', 'falsch', 'stimmt … nicht', 'beschwerde', 'reklamation', 'reklamieren', 'beschadigt', 'zerkratzt',
      'ausgelaufen', 'undicht', 'mangelhaft', 'nicht angekommen', 'nie angekommen', 'nicht erhalten', 'nicht bekommen',
      'noch nicht da', 'immer noch nicht', 'noch immer nicht', 'wo ist meine', 'wo ist mein', 'wo bleibt', 'verspatet',
      'verspatung', 'verloren', 'gesperrt', 'nicht geklappt', 'nicht funktioniert', 'uberfallig', 'abgelehnt', 'unvollstandig', 'nicht zufrieden', 'unzufrieden',
      'enttauscht', 'schmutzig', 'dreckig', 'obwohl ich gekundigt', 'trotz kundigung', 'ungultig',
      'umtauschen', 'umtausch', 'nicht angezeigt', 'verschwunden', 'gestohlen', 'nicht … herunterladen', 'sehr langsam',
      'warte seit', 'warte auf meine', 'warte auf mein', 'warte immer noch', 'fehlgeschlagen', 'abgelaufen',
      'kommt … nicht an', 'kam … nicht an', 'ist nie angekommen', 'ladt endlos',
    ],
    es: [
      'ayuda', 'problema', 'no funciona', 'no me funciona', 'ya no funciona', 'dejo de funcionar', 'deja de funcionar', 'no va',
      'no me va', 'no carga', 'no abre', 'no se abre', 'no arranca', 'no enciende', 'no se enciende', 'no puedo entrar',
      'no puedo acceder', 'no puedo iniciar', 'no puedo conectar', 'no puedo conectarme', 'no puedo pagar', 'no puedo descargar',
      'no me deja', 'se cierra', 'se cuelga', 'se queda colgado', 'se bloquea', 'error', 'fallo', 'falla', 'averia', 'averiado',
      'roto', 'rotos', 'rotas', 'esta rota', 'llego rota', 'se ha roto', 'se rompio', 'estropeado', 'danado', 'defectuoso', 'rayado', 'reembolso', 'reembolsar', 'devolucion del dinero',
      'devolver el dinero', 'me devolvais', 'me devuelvan', 'me devolvieran', 'devolucion … dinero', 'devolver … dinero',
      'devuelvan … dinero', 'devolvais … dinero', 'cobrado de mas', 'cobro de mas', 'cobrado dos veces', 'cobrado 2 veces', 'cobro doble',
      'cobro duplicado', 'cargo duplicado', 'doble cargo', 'pagado dos veces', 'esta mal', 'tiene mal', 'sale mal', 'incorrecta',
      'incorrecto', 'equivocado', 'equivocada', 'erroneo', 'no coincide', 'no cuadra', 'queja', 'reclamacion', 'reclamar',
      'no ha llegado', 'no me ha llegado', 'no han llegado', 'no llega', 'no me llega', 'sigue sin llegar', 'sigo esperando',
      'nunca llego', 'no he recibido', 'no recibi', 'donde esta mi', 'parado', 'retraso', 'retrasado', 'perdido', 'bloqueada',
      'bloqueado', 'falta', 'faltan', 'olvide mi contrasena', 'pantalla en blanco', 'pantalla blanca', 'pantalla negra',
      'no consigo', 'incompleto', 'incompleta', 'rechazado', 'rechazada', 'denegado', 'caducado', 'caducada', 'me =cobraron',
      'me han =cobrado', 'me habeis =cobrado', 'me =cobrasteis', 'me =cobro',
      'no estoy contento', 'no estoy contenta', 'no estoy satisfecho', 'decepcionado', 'decepcionada', 'sucio', 'sucia',
      'sin poder', 'sin acceso', 'aunque lo cancele', 'a pesar de haber cancelado', 'no es valido', 'no valido',
      'me =equivoque', '=cambiarla', '=cambiarlo', 'cambio de talla', 'no aparece', 'no me aparece', 'desaparecido', 'desaparecio',
      'robado', 'no encuentro mi', 'se queda en blanco', 'muy lenta', 'muy lento', 'llevo … esperando', 'estoy esperando mi',
      'ha fallado', 'ha caducado',
    ],
  },
  purchase: {
    en: [
      'buy', 'buying', '=purchase', '=purchasing', '=place an order', 'want to order', 'like to order', 'can i order', 'could i order',
      'bulk order', 'order now', 'pre order', 'preorder', '=subscribe', '=subscribing', '=upgrade', '=upgrading', 'put a deposit', 'pay a deposit',
      'get started', 'get going with', 'go ahead with', 'go for the', 'like to go with', '=rent', '=renting', 'switch to the', 'ill take', 'i ll take',
      'we ll take', 'add seats', 'add more seats',
    ],
    fr: [
      '=acheter', 'faire un =achat', 'j =achete', 'prendre la formule', 'prendre l offre', 'prendre le forfait', 'verser un acompte', '=commander', 'je =commande', '=passer commande', '=passer une commande', 'souscrire',
      'm =abonner', '=abonner', 'prendre l abonnement', 'prendre un abonnement', '=louer', 'passer a l offre', 'passer au plan',
      'passer a la formule', 'passer a la version', 'passer au forfait', 'changer d offre', 'changer de formule', 'changer de forfait',
    ],
    de: [
      'kaufen', 'kauf', '=bestellen', 'ich =bestelle', 'bestellung aufgeben', 'abonnieren', 'abo abschliessen', 'abschliessen',
      'mieten', 'upgrade', 'upgraden', 'registrieren', 'anzahlung leisten', 'tarif wechseln', 'paket wechseln', 'plan wechseln',
    ],
    es: [
      '=comprar', '=compro', '=comprarlo', '=comprarla', 'hacer un pedido', 'realizar un pedido', 'quiero =pedir', '=contratar',
      '=contratarlo', 'suscribirme', 'suscribir', 'darme de alta', 'dar de alta', 'adquirir', '=alquilar', 'cambiarme al plan',
      'cambiar al plan', 'pasarme al plan', 'pasar al plan', 'cambiar de plan', 'mejorar mi plan', 'pagar la senal', 'dejar una senal',
    ],
  },
};

/**
 * Booking and signing up: `purchase`, unless the thing booked is a demo or a trial ("réserver un
 * cours d'essai", "Probelektion buchen" are `demo` only).
 */
export const BOOKING_CUES: Record<Language, string[]> = {
  en: [
    'book a', 'book an', 'book the', 'book my', 'book me', 'book us', 'book in', 'book for', 'to book', 'booking for', 'make a booking',
    'make a reservation', '=reserve', 'an appointment', '=enrol', '=enroll', '=enrolling', 'sign up', 'sign me up', 'sign us up', 'signup', 'register for',
  ],
  fr: [
    '=reserver', 'je =reserve', 'je m =inscris', 'prendre rdv', 'prendre un rdv', 'prendre rendez vous', 'prendre un rendez vous', '=inscrire',
    'fixer un rendez vous',
  ],
  de: [
    'buchen', 'reservieren', '=anmelden', 'anmelden fur', 'einen termin', 'termin vereinbaren', 'termin buchen', 'einschreiben',
  ],
  es: [
    '=reservar', '=reservarlo', 'pedir cita', 'una cita', 'reservar cita', 'coger cita', 'sacar cita', '=apuntarme', '=apuntar',
    '=inscribirme', '=inscribir', '=matricular', '=matricularme', '=matricularse', 'me =apunto',
  ],
};

/**
 * Phrases that carry an intent's word without the intent: their words are not read for that intent
 * ("thanks for your help" is no support case, "combien de temps" asks no price).
 */
export const NOT_INTENT_CUES: Record<string, Record<Language, string[]>> = {
  support: {
    en: [
      'thanks for … help', 'thank you for … help', 'thx for … help', 'thanks for helping', 'thank you for helping', 'no problem', 'no problems', 'not a problem', 'no worries', 'no issue', 'no issues', 'refund policy', 'returns policy', 'return policy',
      'cancellation policy',
    ],
    fr: [
      'merci pour … aide', 'merci de … aide', 'pas de probleme', 'pas de souci',
      'pas de soucis', 'aucun probleme', 'aucun souci', 'sans probleme', 'sans souci', 'politique de remboursement',
      'politique de retour', 'conditions de remboursement', 'conditions d annulation',
    ],
    de: ['danke fur … hilfe', 'dank fur … hilfe', 'kein problem', 'keine probleme', 'ohne probleme', 'stornobedingungen', 'ruckgaberecht'],
    es: [
      'gracias por … ayuda', 'sin problema',
      'sin problemas', 'ningun problema', 'no hay problema', 'hace falta', 'haga falta', 'sin falta', 'politica de reembolso',
      'politica de devolucion', 'politica de devoluciones', 'politica de cancelacion',
    ],
  },
  contact: {
    en: [],
    fr: ['mon numero de', 'mon numero d', 'mon numero client'],
    de: [],
    es: [],
  },
  // A code to redeem is no price question (and one that fails is a support case).
  pricing: {
    en: ['how much time', 'how much longer', 'discount code', 'promo code', 'coupon code', 'voucher code'],
    fr: ['combien de temps', 'combien de jours', 'combien de personnes', 'combien d heures', 'combien de nuits minimum', 'code promo', 'code de reduction'],
    de: ['wie viel zeit', 'gutscheincode', 'rabattcode', 'aktionscode'],
    es: ['codigo de descuento', 'codigo promocional', 'codigo descuento'],
  },
  purchase: {
    // Before buying, and asking whether one has to book, is no purchase yet.
    en: [
      'before buying', 'before we buy', 'before i buy', 'before purchasing', 'before we sign up', 'before signing up', 'before we commit',
      'need to book', 'have to book', 'necessary to book', 'need to reserve',
    ],
    fr: ['avant d =acheter', 'avant de =commander', 'avant de souscrire', 'avant de s abonner', 'avant de m abonner', 'faut il … =reserver', 'doit on … =reserver', 'faut =reserver'],
    de: [
      'nicht … anmelden', 'anmelden … nicht', 'bevor wir kaufen', 'bevor ich kaufe', 'vor dem kauf', 'bevor wir buchen', 'bevor ich buche',
      'muss man … buchen', 'muss man … reservieren', 'muss ich … reservieren', 'muss ich … buchen',
    ],
    es: [
      'antes de =contratar', 'antes de =contratarlo', 'antes de =comprar', 'antes de =comprarlo', 'antes de =suscribirme',
      'hay que =reservar', 'es necesario =reservar', 'hace falta =reservar',
    ],
  },
};
