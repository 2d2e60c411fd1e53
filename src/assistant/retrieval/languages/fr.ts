import type { LanguageResources } from './language';

/** French. Stop words: Snowball's list (BSD), as PostgreSQL ships it. */
export const french: LanguageResources = {
  stemmer: 'french',
  stopWords: `
  au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi mon ne nos 
  notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l 
  à m n s t y été étée étées étés étant étante étants étantes suis es est sommes êtes sont serai 
  seras sera serons serez seront serais serait serions seriez seraient étais était étions étiez étaient 
  fus fut fûmes fûtes furent sois soit soyons soyez soient fusse fusses fût fussions fussiez fussent ayant 
  ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait 
  aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez 
  aient eusse eusses eût eussions eussiez eussent
`,
  filler: `
  bonjour salut coucou bonsoir allo merci svp stp plait plaît voudrais voudrait voudrions veux veut vouloir
  aimerais aimerait souhaite souhaiterais souhaitons savoir sais sait dire question questions besoin peux
  pouvez pourriez pourrais pouvoir possible juste vraiment alors bon ok okay oui non madame monsieur info
  infos information informations renseignement renseignements cordialement bien beaucoup trop svp merci
  quelqu chose choses faire fait fais demande demander demandais comment pourquoi quand combien est-ce
  aussi encore deja déjà actuellement exactement désolé desole excusez excuse rapidement svp
  connaitre connaître connais connait sais savez savoir dites dire
  les quel quels quelle quelles lequel laquelle lesquels lesquelles dont donc ça cela ceci ici là voici voilà
  chez vers sans sous très peu tout tous toute toutes autre autres comme si puis
  `,
  fillerPhrases: [
    "s'il vous plaît", "s'il vous plait", "s'il te plaît", "s'il te plait", 'je me demandais', "j'ai changé d'avis",
    "changé d'avis", 'bonne journée', 'bonne soirée', 'merci beaucoup', "merci d'avance", 'par avance',
    'est-ce que', "qu'est-ce que", 'il y a', "y a-t-il", 'je voudrais savoir', 'pouvez-vous me dire',
    'une petite question', "j'ai une question", 'au fait', 'bien cordialement',
  ],
  elisions: ['l', 'd', 'j', 'qu', 'n', 's', 'c', 'm', 't', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'],
  joins: ['e mail', 'wi fi', 'code promo', 'mot de passe', 'rendez vous', 'service client'],
  conjunctions: ['et', 'aussi', 'puis'],
  synonyms: [
    ['livraison', 'livrer', 'expédition', 'expédier', 'envoi', 'envoyer', 'acheminement', 'colis', 'transporteur'],
    ['prix', 'tarif', 'tarifs', 'coût', 'coûter', 'frais', 'cher', 'montant'],
    ['remboursement', 'rembourser', 'remboursé'],
    ['retour', 'retourner', 'renvoyer', 'échange', 'échanger'],
    ['annuler', 'annulation', 'résilier', 'résiliation', 'désabonner'],
    ['réparer', 'réparation', 'dépannage', 'entretien', 'révision'],
    ['louer', 'location', 'loue'],
    ['garantie', 'garantir'],
    ['acheter', 'achat', 'commander'],
    ['réserver', 'réservation', 'rendez-vous', 'rdv'],
    ['ouvert', 'ouverture', 'horaires', 'horaire', 'heures', 'fermé', 'fermeture'],
    ['payer', 'paiement', 'règlement', 'régler'],
    ['bon', 'coupon', 'promo', 'promotion', 'réduction', 'remise', 'code'],
    ['compte', 'profil', 'connexion', 'connecter'],
    ['mot de passe', 'identifiant'],
    ['cassé', 'abîmé', 'endommagé', 'défectueux', 'panne'],
    ['taille', 'tailles', 'pointure', 'mesure'],
    ['contact', 'contacter', 'joindre', 'téléphone'],
    ['adresse', 'situé', 'trouver', 'où', 'emplacement', 'localisation'],
    ['emploi', 'travail', 'poste', 'recrutement', 'recrutez', 'candidature', 'stage'],
    ['enfant', 'enfants', 'bébé', 'gamin'],
    ['accessible', 'accessibilité', 'handicap', 'fauteuil'],
    ['facture', 'reçu', 'justificatif'],
    ['étranger', 'international', 'monde'],
    ['stock', 'disponible', 'disponibilité', 'rupture'],
    ['suivi', 'suivre', 'tracking'],
    ['abonnement', 'abonner', 'adhésion', 'forfait'],
    ['essai', 'démo', 'démonstration', 'tester'],
    ['rapide', 'express', 'vite'],
  ],
};
