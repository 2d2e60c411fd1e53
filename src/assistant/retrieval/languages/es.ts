import type { LanguageResources } from './language';

/** Spanish. Stop words: Snowball's list (BSD), as PostgreSQL ships it. */
export const spanish: LanguageResources = {
  stemmer: 'spanish',
  stopWords: `
  de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí porque 
  esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni 
  contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos 
  mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tú te ti tu tus ellas 
  nosotras vosostros vosostras os mío mía míos mías tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro 
  nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy estás está estamos estáis 
  están esté estés estemos estéis estén estaré estarás estará estaremos estaréis estarán estaría 
  estarías estaríamos estaríais estarían estaba estabas estábamos estabais estaban estuve estuviste estuvo 
  estuvimos estuvisteis estuvieron estuviera estuvieras estuviéramos estuvierais estuvieran estuviese 
  estuvieses estuviésemos estuvieseis estuviesen estando estado estada estados estadas estad he has ha hemos 
  habéis han haya hayas hayamos hayáis hayan habré habrás habrá habremos habréis habrán habría habrías 
  habríamos habríais habrían había habías habíamos habíais habían hube hubiste hubo hubimos hubisteis 
  hubieron hubiera hubieras hubiéramos hubierais hubieran hubiese hubieses hubiésemos hubieseis hubiesen 
  habiendo habido habida habidos habidas soy eres es somos sois son sea seas seamos seáis sean seré serás 
  será seremos seréis serán sería serías seríamos seríais serían era eras éramos erais eran fui fuiste 
  fue fuimos fuisteis fueron fuera fueras fuéramos fuerais fueran fuese fueses fuésemos fueseis fuesen 
  sintiendo sentido sentida sentidos sentidas siente sentid tengo tienes tiene tenemos tenéis tienen tenga 
  tengas tengamos tengáis tengan tendré tendrás tendrá tendremos tendréis tendrán tendría tendrías 
  tendríamos tendríais tendrían tenía tenías teníamos teníais tenían tuve tuviste tuvo tuvimos 
  tuvisteis tuvieron tuviera tuvieras tuviéramos tuvierais tuvieran tuviese tuvieses tuviésemos tuvieseis 
  tuviesen teniendo tenido tenida tenidos tenidas tened
`,
  filler: `
  hola buenas buenos gracias favor porfa porfavor saludos quisiera quiero querría querria gustaría gustaria
  saber decir pregunta preguntas necesito necesita puedo puede pueden podría podrían podria podrian posible
  solo sólo bueno vale ok okay sí si info información informacion hay tener tengo alguien algo cosa cosas
  hacer realmente exactamente ya todavía todavia actualmente perdón perdon disculpe disculpa oiga mire
  conocer conozco sabe saben cuál cuáles cuales cuánto cuánta cuántos cuántas cuanto cuanta cuantos cuantas
  cuándo cuando dónde qué cómo aquí ahí allí muy todo toda todos todas otro otra otros otras
  `,
  fillerPhrases: [
    'buenos días', 'buenos dias', 'buenas tardes', 'buenas noches', 'muchas gracias', 'por favor',
    'de antemano', 'cambié de opinión', 'cambie de opinion', 'me preguntaba', 'tengo una pregunta',
    'una pregunta', 'me gustaría saber', 'me gustaria saber', 'quería saber', 'queria saber',
    'me podría decir', 'me podria decir', 'un saludo', 'saludos cordiales',
  ],
  joins: ['e mail', 'wi fi', 'silla de ruedas', 'iniciar sesion', 'correo electronico', 'fin de semana'],
  conjunctions: ['y', 'e', 'también', 'además'],
  synonyms: [
    ['envío', 'envíos', 'enviar', 'entrega', 'entregar', 'despacho', 'reparto', 'paquete', 'mensajería', 'transportista'],
    ['precio', 'precios', 'coste', 'costo', 'cuesta', 'cuestan', 'tarifa', 'caro', 'barato', 'cuánto'],
    ['reembolso', 'reembolsar'],
    ['devolución', 'devolver', 'cambio', 'cambiar'],
    ['cancelar', 'cancelación', 'anular', 'anulación', 'baja'],
    ['reparar', 'reparación', 'arreglar', 'arreglo', 'mantenimiento', 'revisión'],
    ['alquilar', 'alquiler', 'rentar', 'renta', 'arrendar'],
    ['garantía', 'garantizar'],
    ['comprar', 'compra', 'pedir', 'encargar'],
    ['reservar', 'reserva', 'cita', 'turno'],
    ['abierto', 'abren', 'abrir', 'horario', 'horarios', 'cierran', 'cerrado', 'cerrar'],
    ['pagar', 'pago', 'pagos', 'abonar'],
    ['cupón', 'descuento', 'código', 'promoción', 'vale', 'bono'],
    ['cuenta', 'perfil', 'iniciar sesión', 'acceder', 'acceso'],
    ['contraseña', 'clave'],
    ['roto', 'rota', 'dañado', 'defectuoso', 'estropeado', 'averiado', 'avería'],
    ['talla', 'tallas', 'tamaño', 'medida'],
    ['contacto', 'contactar', 'llamar', 'teléfono', 'comunicarme'],
    ['dirección', 'ubicación', 'ubicados', 'dónde', 'encuentran', 'llegar'],
    ['empleo', 'trabajo', 'trabajar', 'vacante', 'puesto', 'prácticas'],
    ['niño', 'niños', 'hijo', 'hijos', 'bebé', 'infantil'],
    ['accesible', 'accesibilidad', 'silla de ruedas', 'discapacidad'],
    ['factura', 'recibo', 'comprobante'],
    ['extranjero', 'internacional', 'internacionales', 'mundo'],
    ['stock', 'disponible', 'disponibilidad', 'existencias', 'agotado'],
    ['seguimiento', 'rastrear', 'rastreo', 'localizar'],
    ['suscripción', 'suscribirme', 'membresía', 'socio', 'plan'],
    ['prueba', 'probar', 'demo', 'demostración'],
    ['rápido', 'urgente', 'exprés', 'express'],
  ],
};
