/** The village the console works on: chosen in the header, remembered in localStorage. */
import { createContext, useContext } from 'react';

export const VILLAGE_KEY = 'wangge.village';
export const DEFAULT_VILLAGE = 'dahuashan';

export function storedVillage(): string {
  try {
    return localStorage.getItem(VILLAGE_KEY) || DEFAULT_VILLAGE;
  } catch {
    return DEFAULT_VILLAGE;
  }
}

export function rememberVillage(code: string) {
  try {
    localStorage.setItem(VILLAGE_KEY, code);
  } catch {
    /* private mode */
  }
}

export interface VillageState {
  village: string;
  setVillage: (code: string) => void;
}

export const VillageContext = createContext<VillageState>({ village: DEFAULT_VILLAGE, setVillage: () => {} });

export const useVillage = () => useContext(VillageContext);
