/** cert-manager's markers of a temporary certificate: its throwaway issuer and a fixed subject serial. */
export const TEMPORARY_ISSUER_CN = "cert-manager.local";
export const TEMPORARY_SUBJECT_SERIAL = "1234567890";
