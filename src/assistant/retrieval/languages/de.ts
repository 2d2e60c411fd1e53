import type { LanguageResources } from './language';

/** German. Stop words: Snowball's list (BSD), as PostgreSQL ships it. */
export const german: LanguageResources = {
  stemmer: 'german',
  stopWords: `
  aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern 
  anderr anders auch auf aus bei bin bis bist da damit dann der den des dem die das daß derselbe derselben 
  denselben desselben demselben dieselbe dieselben dasselbe dazu dein deine deinem deinen deiner deines denn 
  derer dessen dich dir du dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer 
  eines einig einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren eurer 
  eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir ihr ihre ihrem ihren 
  ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann 
  kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein 
  meine meinem meinen meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine 
  seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll sollte 
  sondern sonst über um und uns unse unsem unsen unser unses unter viel vom von vor während war waren warst 
  was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst 
  wo wollen wollte würde würden zu zum zur zwar zwischen
`,
  filler: `
  hallo hi hey servus moin guten danke bitte gerne gern mal eigentlich kurz kurze frage fragen wissen weiß
  weiss möchte möchten würde würden könnte könnten kann können bräuchte brauche gibt ja nein ok okay info
  infos information informationen leider einfach grüße gruß gruss grüsse mfg lg vielen dank sagen erklären
  jemand etwas irgendwie vielleicht wirklich genau schon noch bereits momentan aktuell wohl denn halt
  entschuldigung sorry bitteschön kennen weiss gibt geben gebe hier dort sehr ganz andere anderen
  darf dürfen dürfte muss müssen müsste sollen gibts geht gehts klappt
  `,
  fillerPhrases: [
    'guten tag', 'guten morgen', 'guten abend', 'vielen dank', 'danke schön', 'danke im voraus',
    'es sich anders überlegt', 'anders überlegt', 'ich wollte fragen', 'ich wollte wissen', 'ich hätte gern',
    'ich hätte gerne', 'ich habe eine frage', 'eine kurze frage', 'können sie mir sagen', 'gibt es',
    'mit freundlichen grüßen', 'schönen tag', 'liebe grüße',
  ],
  joins: ['e mail', 'wi fi'],
  umlautDigraphs: true,
  decompound: true,
  conjunctions: ['und', 'auch', 'außerdem'],
  synonyms: [
    ['lieferung', 'liefern', 'versand', 'versenden', 'zustellung', 'zustellen', 'verschicken', 'paket', 'lieferzeit'],
    ['preis', 'preise', 'kosten', 'kostet', 'gebühr', 'gebühren', 'teuer', 'günstig', 'tarif'],
    ['erstattung', 'rückerstattung', 'erstatten', 'zurückerstatten'],
    ['rückgabe', 'zurückgeben', 'zurückschicken', 'rücksendung', 'retoure', 'umtausch', 'umtauschen'],
    ['stornieren', 'stornierung', 'kündigen', 'kündigung', 'absagen', 'abmelden'],
    ['reparatur', 'reparieren', 'wartung', 'instandsetzung', 'service'],
    ['mieten', 'miete', 'verleih', 'leihen', 'ausleihen', 'vermietung'],
    ['garantie', 'gewährleistung'],
    ['kaufen', 'kauf', 'bestellen'],
    ['buchen', 'buchung', 'reservieren', 'reservierung', 'termin'],
    ['öffnungszeiten', 'geöffnet', 'offen', 'öffnen', 'geschlossen', 'schließen', 'uhrzeit'],
    ['bezahlen', 'zahlung', 'zahlen', 'bezahlung', 'zahlungsmethode'],
    ['gutschein', 'rabatt', 'rabattcode', 'gutscheincode', 'coupon', 'aktion'],
    ['konto', 'kundenkonto', 'profil', 'anmelden', 'login', 'einloggen'],
    ['passwort', 'kennwort'],
    ['kaputt', 'beschädigt', 'defekt', 'schaden', 'fehlerhaft'],
    ['größe', 'größen', 'grösse', 'passform'],
    ['kontakt', 'kontaktieren', 'erreichen', 'anrufen', 'telefon'],
    ['adresse', 'standort', 'wo', 'anfahrt', 'lage'],
    ['job', 'stelle', 'stellen', 'karriere', 'bewerbung', 'bewerben', 'praktikum'],
    ['kind', 'kinder', 'baby', 'kleinkind'],
    ['barrierefrei', 'rollstuhl', 'behinderung'],
    ['rechnung', 'quittung', 'beleg'],
    ['ausland', 'international', 'weltweit'],
    ['lager', 'verfügbar', 'verfügbarkeit', 'vorrätig', 'lieferbar'],
    ['sendungsverfolgung', 'verfolgen', 'tracking', 'status'],
    ['abo', 'abonnement', 'mitgliedschaft', 'tarif'],
    ['test', 'testen', 'demo', 'probe'],
    ['schnell', 'express', 'eilig'],
  ],
};
