/** The part of the `stun` package (2.x, untyped CommonJS) the anchor's STUN server uses. */
declare module 'stun' {
  /** A decoded STUN message. */
  interface StunMessage {
    readonly type: number
    readonly transactionId: Buffer
    isLegacy(): boolean
    getAttribute(type: number): { type: number; value: unknown } | undefined
  }
  /** A STUN message being built. */
  interface StunRequest extends StunMessage {
    addXorAddress(address: string, port: number): boolean
    addAddress(address: string, port: number): boolean
    addSoftware(software: string): boolean
    addFingerprint(): boolean
    toBuffer(): Buffer
  }
  const stun: {
    decode(buffer: Buffer): StunMessage
    createMessage(type: number, transaction?: Buffer): StunRequest
    constants: Record<string, number>
  }
  export default stun
}
