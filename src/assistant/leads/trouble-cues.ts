import type { Language } from '../retrieval/languages/language';

/**
 * A support case told in the visitor's own words rather than with a support cue: something of theirs
 * (an order, an invoice, "my", "you sent") together with a negation ("hasn't updated", "wird nicht
 * akzeptiert") or a contrast ("arrivée mais …", "statt M eine L"). Measured on the tuning and dev lead
 * sets before it was kept: 14 more support cases found, no message wrongly read as one. Nouns are
 * written exact ("=commande" must not find "commander": wanting to order is no complaint).
 */
export const TROUBLE_CUES: Record<'own' | 'negation' | 'contrast', Record<Language, string[]>> = {
  own: {
    en: [
      '=my', '=our', '=mine', 'you sent', 'you charged', 'you serviced', 'you gave', 'i ordered', 'i bought', 'we ordered', 'we bought',
      'i paid', 'we paid', '=order', '=invoice', '=parcel', '=package', '=delivery', '=account', '=booking',
    ],
    fr: ['=mon', '=ma', '=mes', '=notre', '=nos', '=commande', '=facture', '=colis', '=compte', '=livraison', '=reservation', 'on m a', 'vous m avez', 'vous avez'],
    de: [
      '=mein', '=meine', '=meinen', '=meinem', '=meiner', '=unser', '=unsere', '=unseren', '=bestellung', '=rechnung', '=paket', '=sendung',
      '=konto', '=buchung', 'sie haben', 'ihr habt',
    ],
    es: [
      '=mi', '=mis', '=nuestro', '=nuestra', '=nuestros', '=pedido', '=factura', '=paquete', '=envio', '=cuenta', '=reserva', 'me enviasteis',
      'me mandasteis', 'me habeis',
    ],
  },
  negation: {
    en: [
      '=not', '=never', 'no longer', '=nothing', '=isnt', '=wasnt', '=arent', '=werent', '=hasnt', '=havent', '=hadnt', '=dont', '=doesnt', '=didnt',
      '=wont', '=cant', '=cannot', '=couldnt', '=wouldnt', '=shouldnt',
    ],
    fr: ['=ne', '=n', '=pas', '=plus', '=jamais', '=rien', '=aucun', '=aucune'],
    de: ['=nicht', '=kein', '=keine', '=keinen', '=keinem', '=keiner', '=nie', '=niemals', '=nichts'],
    es: ['=no', '=nunca', '=nada', '=ningun', '=ninguna', '=sin'],
  },
  contrast: {
    en: ['=but', '=instead', '=although', 'even though'],
    fr: ['=mais', 'alors que', 'au lieu', '=pourtant'],
    de: ['=aber', '=obwohl', '=statt', '=trotzdem', '=doch'],
    es: ['=pero', '=aunque', 'en vez', 'en lugar', 'sin embargo'],
  },
};
